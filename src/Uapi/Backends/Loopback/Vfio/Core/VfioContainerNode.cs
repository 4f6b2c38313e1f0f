namespace Uapi.Backends.Loopback.Vfio;

/// <summary>/dev/vfio/vfio: the legacy container (drivers/vfio/container.c).</summary>
public sealed class VfioContainerNode(uint minor) : LoopbackNode("/dev/vfio/vfio", DeviceNodeKind.VfioContainer, 10, minor)
{
    public bool NoIommu { get; init; }

    internal override LoopbackFile? Open(LoopbackBackend backend, int flags, out Errno errno)
    {
        errno = Errno.None;
        return new VfioContainerFile(this);
    }
}
