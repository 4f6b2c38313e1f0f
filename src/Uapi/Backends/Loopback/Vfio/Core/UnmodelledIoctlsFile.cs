namespace Uapi.Backends.Loopback.Vfio;

/// <summary>
/// An open /dev/iommu or /dev/vfio/devices/vfioN whose ioctls the loopback does not model yet: every request answers
/// ENOTTY, the kernel's answer to a request it does not know (its own IOMMU_* and VFIO_DEVICE_* requests it would
/// serve). It exists so the node can be listed, stat'ed and opened as on the 6.12 test kernel.
/// </summary>
internal sealed unsafe class UnmodelledIoctlsFile(LoopbackNode node) : LoopbackFile
{
    public override string Description => node.Path;

    internal override (uint Major, uint Minor)? DeviceNumber => (node.Major, node.Minor);

    internal override int Ioctl(uint request, void* arg) => -(int)Errno.ENOTTY;
}
