namespace Uapi.Backends;

/// <summary>A device node: where it is, what it is, and its device number.</summary>
public sealed record DeviceNode(string Path, DeviceNodeKind Kind, uint Major, uint Minor)
{
    /// <summary>Classifies a node by path, as the kernel names them (/dev/dri/renderD128, /dev/vfio/12, ...).</summary>
    public static DeviceNodeKind Classify(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        var dir = System.IO.Path.GetDirectoryName(path) ?? "";
        return dir switch
        {
            "/dev/dri" when name.StartsWith("renderD", StringComparison.Ordinal) => DeviceNodeKind.DrmRender,
            "/dev/dri" when name.StartsWith("card", StringComparison.Ordinal) => DeviceNodeKind.DrmPrimary,
            "/dev/accel" when name.StartsWith("accel", StringComparison.Ordinal) => DeviceNodeKind.Accel,
            "/dev/dma_heap" => DeviceNodeKind.DmaHeap,
            "/dev/vfio" when name == "vfio" => DeviceNodeKind.VfioContainer,
            "/dev/vfio/devices" => DeviceNodeKind.VfioDevice,
            "/dev/vfio" when name.All(char.IsAsciiDigit) || name.StartsWith("noiommu-", StringComparison.Ordinal) => DeviceNodeKind.VfioGroup,
            "/dev" when name == "udmabuf" => DeviceNodeKind.Udmabuf,
            "/dev" when name == "syncobj" => DeviceNodeKind.Syncobj,
            "/dev" when name == "iommu" => DeviceNodeKind.Iommufd,
            _ => DeviceNodeKind.Other,
        };
    }
}
