namespace Uapi.Backends.Loopback.Vfio;

/// <summary>/dev/vfio/N: an IOMMU group whose devices are all bound to vfio-pci.</summary>
public sealed class VfioGroupNode(int group, uint major, uint minor, params string[] devices)
    : LoopbackNode("/dev/vfio/" + group, DeviceNodeKind.VfioGroup, major, minor)
{
    public IReadOnlyList<string> Devices { get; } = devices;
    public bool Viable { get; init; } = true;
    private int _opened;

    /// <summary>The one open file closed (vfio_group_fops_release).</summary>
    internal void Release() => Interlocked.Exchange(ref _opened, 0);

    internal override LoopbackFile? Open(LoopbackBackend backend, int flags, out Errno errno)
    {
        // vfio_group_fops_open(): one open at a time.
        if (Interlocked.CompareExchange(ref _opened, 1, 0) != 0) { errno = Errno.EBUSY; return null; }
        errno = Errno.None;
        return new VfioGroupFile(this);
    }
}
