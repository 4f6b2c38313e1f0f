namespace Uapi.Backends.Loopback.Vfio;

/// <summary>
/// /dev/vfio/devices/vfioN (drivers/vfio/device_cdev.c): the per-device cdev of a device bound to vfio-pci, beside its
/// group. The node only: an open succeeds, as vfio_device_fops_cdev_open() does before any BIND_IOMMUFD, and its
/// ioctls are not modelled (<see cref="UnmodelledIoctlsFile"/>).
/// </summary>
public sealed class VfioDeviceNode(int index, uint major, uint minor, string device)
    : LoopbackNode("/dev/vfio/devices/vfio" + index, DeviceNodeKind.VfioDevice, major, minor)
{
    /// <summary>The PCI address of the device ("0000:00:03.0").</summary>
    public string Device { get; } = device;

    internal override LoopbackFile? Open(LoopbackBackend backend, int flags, out Errno errno)
    {
        errno = Errno.None;
        return new UnmodelledIoctlsFile(this);
    }
}
