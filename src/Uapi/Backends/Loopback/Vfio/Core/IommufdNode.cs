namespace Uapi.Backends.Loopback.Vfio;

/// <summary>
/// /dev/iommu (drivers/iommu/iommufd/main.c), a misc device with a dynamic minor. The node only: an open succeeds, as
/// iommufd_fops_open() does, and its ioctls are not modelled (<see cref="UnmodelledIoctlsFile"/>).
/// </summary>
public sealed class IommufdNode(uint minor) : LoopbackNode("/dev/iommu", DeviceNodeKind.Iommufd, StandardDevices.MiscMajor, minor)
{
    internal override LoopbackFile? Open(LoopbackBackend backend, int flags, out Errno errno)
    {
        errno = Errno.None;
        return new UnmodelledIoctlsFile(this);
    }
}
