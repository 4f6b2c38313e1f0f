namespace Uapi.Backends;

/// <summary>What a device node is, judged from its path and device number.</summary>
public enum DeviceNodeKind
{
    DrmPrimary,
    DrmRender,
    Accel,
    DmaHeap,
    Udmabuf,
    Syncobj,
    VfioContainer,
    VfioGroup,
    VfioDevice,
    Iommufd,
    Other,
}
