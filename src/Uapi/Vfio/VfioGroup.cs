using Uapi.Backends;
using Uapi.Handles;
using static Uapi.Raw.Interop.Vfio;

namespace Uapi.Vfio;

/// <summary>/dev/vfio/N: an IOMMU group.</summary>
public sealed class VfioGroup : IDisposable
{
    private VfioGroup(UapiFd fd) => Fd = fd;

    public UapiFd Fd { get; }

    public static VfioGroup Open(string path, Backend? backend = null) => new((backend ?? Backend.Default).Open(path));

    private uint StatusFlags()
    {
        UapiException.Check(GroupGetStatus(Fd, out uint flags), Fd, nameof(VFIO_GROUP_GET_STATUS));
        return flags;
    }

    /// <summary>Every device in the group is bound to a VFIO driver (or none at all).</summary>
    public bool IsViable => (StatusFlags() & VFIO_GROUP_FLAGS_VIABLE) != 0;

    public bool HasContainer => (StatusFlags() & VFIO_GROUP_FLAGS_CONTAINER_SET) != 0;

    public void Dispose() => Fd.Dispose();
}
