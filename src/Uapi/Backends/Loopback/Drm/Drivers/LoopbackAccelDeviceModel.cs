using Uapi.Raw;
using static Uapi.Raw.Interop.LoopbackAccel;
using Uapi.Host;

namespace Uapi.Backends.Loopback.Drm;

/// <summary>
/// "loopback_accel": the loopback's own DRIVER_COMPUTE_ACCEL driver (ABI in Raw/Interop.LoopbackAccel.cs; no kernel
/// has it). Like every accel driver it registers only an accel minor: no primary, no render node, no KMS, no dumb
/// buffers. Buffers come from BO_CREATE and are mapped at the offset BO_MMAP_OFFSET returns; PRIME works both ways.
/// After an unplug its mappings show a zeroed page, the behaviour of drivers whose fault handler checks drm_dev_enter.
/// </summary>
public sealed class LoopbackAccelDeviceModel : DrmDeviceModel
{
    public const string Name = "loopback_accel";

    public LoopbackAccelDeviceModel()
        : base(Name, "20250101", "Loopback compute accelerator", 1, 0, 0, DrmDriverFeatures.Gem | DrmDriverFeatures.ComputeAccel)
    {
        HasDumbCreate = false;
        MappingsAfterUnplug = UnpluggedMappings.ZeroPage;
    }

    internal override unsafe int DriverIoctl(DrmFile file, uint request, void* arg)
    {
        // The driver's ioctl table is indexed by nr; a request whose nr has no entry is EINVAL, as in drm_ioctl().
        return (Ioc.Nr(request) - Interop.Drm.DRM_COMMAND_BASE) switch
        {
            DRM_LOOPBACK_ACCEL_BO_CREATE => BoCreate(file, (DrmLoopbackAccelBoCreate*)arg),
            DRM_LOOPBACK_ACCEL_BO_MMAP_OFFSET => BoMmapOffset(file, (DrmLoopbackAccelBoMmapOffset*)arg),
            _ => -(int)Errno.EINVAL,
        };
    }

    private unsafe int BoCreate(DrmFile file, DrmLoopbackAccelBoCreate* a)
    {
        if (a->Size == 0 || a->Flags != 0) return -(int)Errno.EINVAL;
        if (a->Size > LOOPBACK_ACCEL_MAX_BO_SIZE) return -(int)Errno.E2BIG;
        ulong size = HostOs.PageAlign(a->Size);
        var obj = NewGemObject(size);
        a->Handle = file.AddHandle(obj);
        a->Size = size;
        return 0;
    }

    private unsafe int BoMmapOffset(DrmFile file, DrmLoopbackAccelBoMmapOffset* m)
    {
        if (m->Pad != 0) return -(int)Errno.EINVAL;
        var obj = file.LookupHandle(m->Handle);
        if (obj is null) return -(int)Errno.ENOENT;
        m->Offset = MmapOffset(obj);
        return 0;
    }
}
