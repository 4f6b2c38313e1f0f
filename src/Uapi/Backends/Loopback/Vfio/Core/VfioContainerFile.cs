using static Uapi.Raw.Interop.Vfio;

namespace Uapi.Backends.Loopback.Vfio;

/// <summary>An open /dev/vfio/vfio (vfio_fops): API version and extension checks.</summary>
internal sealed unsafe class VfioContainerFile(VfioContainerNode node) : LoopbackFile
{
    public override string Description => node.Path;

    internal override int Ioctl(uint request, void* arg) => request switch
    {
        VFIO_GET_API_VERSION => VFIO_API_VERSION,
        VFIO_CHECK_EXTENSION => CheckExtension((uint)(nuint)arg),
        _ => -(int)Errno.ENOTTY,
    };

    private int CheckExtension(uint ext) => ext switch
    {
        VFIO_TYPE1_IOMMU or VFIO_TYPE1v2_IOMMU or VFIO_UNMAP_ALL or VFIO_UPDATE_VADDR => 1,
        VFIO_DMA_CC_IOMMU => 1,
        VFIO_NOIOMMU_IOMMU => node.NoIommu ? 1 : 0,
        _ => 0,
    };
}
