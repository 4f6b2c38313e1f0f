using Uapi.Backends;
using Uapi.Handles;
using static Uapi.Raw.Interop.Vfio;

namespace Uapi.Vfio;

/// <summary>/dev/vfio/vfio: the legacy container that holds groups and their IOMMU context.</summary>
public sealed class VfioContainer : IDisposable
{
    public const string DefaultPath = "/dev/vfio/vfio";

    private VfioContainer(UapiFd fd) => Fd = fd;

    public UapiFd Fd { get; }

    /// <summary>Opens the container and checks the API version, as every VFIO user must.</summary>
    public static VfioContainer Open(Backend? backend = null, string path = DefaultPath)
    {
        var c = new VfioContainer((backend ?? Backend.Default).Open(path));
        int version = c.ApiVersion;
        if (version != VFIO_API_VERSION)
        {
            c.Dispose();
            throw new UapiNotSupportedException("VFIO", path, $"API version {version}, expected {VFIO_API_VERSION}");
        }
        return c;
    }

    public int ApiVersion => UapiException.Check(GetApiVersion(Fd), Fd, nameof(VFIO_GET_API_VERSION));

    /// <summary>VFIO_CHECK_EXTENSION: whether an IOMMU model or feature (VFIO_TYPE1v2_IOMMU, ...) is available.</summary>
    public bool CheckExtension(VfioExtension extension) =>
        UapiException.Check(Raw.Interop.Vfio.CheckExtension(Fd, (uint)extension), Fd, nameof(VFIO_CHECK_EXTENSION)) > 0;

    public void Dispose() => Fd.Dispose();
}
