namespace Uapi.Backends.Loopback;

/// <summary>A device node in the loopback: a path, a device number, and what an open of it creates.</summary>
public abstract class LoopbackNode(string path, DeviceNodeKind kind, uint major, uint minor)
{
    public string Path { get; } = path;
    public DeviceNodeKind Kind { get; } = kind;
    public uint Major { get; } = major;
    public uint Minor { get; } = minor;

    /// <summary>A new open file, or null with the errno the kernel's open would give.</summary>
    internal abstract LoopbackFile? Open(LoopbackBackend backend, int flags, out Errno errno);

    /// <summary>What sysfs would show for this node (/sys/dev/char/MAJ:MIN); null for nodes the loopback does not describe.</summary>
    internal virtual SysfsCharDevice? Sysfs => null;
}
