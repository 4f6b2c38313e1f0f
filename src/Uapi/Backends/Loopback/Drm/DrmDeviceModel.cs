using Uapi.Raw;
using static Uapi.Raw.Interop.Drm;
using Uapi.Host;

namespace Uapi.Backends.Loopback.Drm;

/// <summary>drm_driver.driver_features bits the model cares about (include/drm/drm_drv.h).</summary>
[Flags]
public enum DrmDriverFeatures
{
    Gem = 1 << 0,
    Modeset = 1 << 1,
    Render = 1 << 3,
    Atomic = 1 << 4,
    Syncobj = 1 << 5,
    SyncobjTimeline = 1 << 6,
    ComputeAccel = 1 << 7,
}

/// <summary>What CPU mappings made through a DRM fd show once the device is unplugged (drm_dev_unplug zaps them all).</summary>
public enum UnpluggedMappings
{
    /// <summary>The next fault maps the buffer's own pages again (drm_gem_shmem_fault: vgem, virtio-gpu), so the contents stay.</summary>
    KeepPages,

    /// <summary>The fault handler refuses once drm_dev_enter() fails and maps a zeroed dummy page (TTM drivers): reads give zeros.</summary>
    ZeroPage,
}

/// <summary>drm_ioctl_desc.flags: who may call an ioctl.</summary>
[Flags]
internal enum DrmIoctlFlags
{
    None = 0,
    Auth = 1,
    Master = 2,
    RootOnly = 4,
    RenderAllow = 32,
}

/// <summary>
/// One DRM device (struct drm_device + its drm_driver): identity, features and the objects its files share.
/// Mirrors drivers/gpu/drm/drm_ioctl.c for dispatch and permission checks.
/// </summary>
public class DrmDeviceModel(string driverName, string date, string description, int major, int minor, int patch, DrmDriverFeatures features)
{
    public string DriverName { get; } = driverName;
    public string Date { get; } = date;
    public string Description { get; } = description;
    public int VersionMajor { get; } = major;
    public int VersionMinor { get; } = minor;
    public int VersionPatch { get; } = patch;
    public DrmDriverFeatures Features { get; } = features;
    public bool HasPrimeImport { get; init; } = true;

    /// <summary>
    /// The device its minors hang off in sysfs: bus, bound driver, PCI ids. By default a platform device named after
    /// the driver with no driver bound, which is what vgem registers.
    /// </summary>
    public SysfsDevice Bus { get; init; } = SysfsDevice.Platform(driverName);

    /// <summary>How mappings behave after <see cref="LoopbackBackend.Unplug(DrmDeviceModel)"/>; shmem-style by default.</summary>
    public UnpluggedMappings MappingsAfterUnplug { get; init; } = UnpluggedMappings.KeepPages;

    private volatile bool _unplugged;

    /// <summary>drm_dev_is_unplugged(): set once by <see cref="LoopbackBackend.Unplug(DrmDeviceModel)"/>, never cleared.</summary>
    public bool IsUnplugged => _unplugged;

    internal void MarkUnplugged() => _unplugged = true;
    public bool HasPrimeExport { get; init; } = true;

    public bool Has(DrmDriverFeatures f) => (Features & f) == f;

    /// <summary>Highest core ioctl nr + 1 on the modelled kernel (6.1 ends at MODE_GETFB2, 0xCE).</summary>
    internal int CoreIoctlCount => HasSyncobjEventfd ? 0xD0 : 0xCF;

    /// <summary>drm_ioctls[] in drivers/gpu/drm/drm_ioctl.c (6.1): who may call each core nr.</summary>
    internal static DrmIoctlFlags CoreFlags(uint nr)
    {
        const DrmIoctlFlags R = DrmIoctlFlags.RenderAllow, A = DrmIoctlFlags.Auth, M = DrmIoctlFlags.Master,
            AMRoot = DrmIoctlFlags.Auth | DrmIoctlFlags.Master | DrmIoctlFlags.RootOnly;
        return nr switch
        {
            0x00 or 0x09 or 0x0C or 0x2D or 0x2E => R,                    // VERSION, GEM_CLOSE, GET_CAP, PRIME
            >= 0xBF and <= 0xC5 or >= 0xCA and <= 0xCD or 0xCF => R,      // syncobj (EVENTFD 0xCF from 6.6)
            0x0A or 0x0B or 0x2C => A,                                    // GEM_FLINK, GEM_OPEN, FINISH
            0x07 or 0x11 => M,                                            // SET_VERSION, AUTH_MAGIC
            0x10 or 0x12 or 0x13 or 0x27 or 0x28 or 0x3F => AMRoot,       // no-ops kept for old userspace
            0xA2 or 0xA3 or 0xA5 or 0xA8 or 0xA9 or 0xAB or 0xB0 or 0xB1 or 0xB7 or 0xBA or 0xBB or 0xBC => M, // KMS writes
            >= 0xC6 and <= 0xC9 => M,                                     // leases
            // Legacy (DRM_LEGACY_IOCTL_DEF): drm_invalid_op without CONFIG_DRM_LEGACY, flags kept.
            0x03 => M | DrmIoctlFlags.RootOnly,
            0x14 or 0x15 or 0x16 or 0x17 or 0x1C or 0x21 or 0x22 or 0x24 or 0x25 => AMRoot,
            >= 0x30 and <= 0x32 or >= 0x34 and <= 0x39 => AMRoot,
            0x18 or 0x19 or 0x1A or 0x1B or 0x1D or 0x23 or 0x26 or 0x29 or 0x2A or 0x2B or 0x33 => A,
            0x20 => A | DrmIoctlFlags.RootOnly,
            _ => DrmIoctlFlags.None,                                      // GET_UNIQUE, SET_CLIENT_CAP, masters, KMS reads, dumb
        };
    }

    /// <summary>Whether the 6.1 table has an entry (a handler, or drm_invalid_op for legacy slots) at this core nr.</summary>
    internal virtual bool HasCoreIoctl(uint nr) => nr switch
    {
        0x0E or 0x0F or 0x2F or 0x3D or 0x3E => false,                   // empty slots
        <= 0x3F => true,
        >= 0xA0 and <= 0xCE => true,
        0xCF => HasSyncobjEventfd,
        _ => false,
    };

    /// <summary>DRM_IOCTL_SYNCOBJ_EVENTFD exists (Linux 6.6+). The stock and test VMs run 6.1.</summary>
    public bool HasSyncobjEventfd { get; init; }

    /// <summary>DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE is accepted (Linux 6.4+).</summary>
    public bool HasWaitDeadline { get; init; }

    /// <summary>The 2025 `point` field and the *_FLAGS_TIMELINE sync_file import/export flags are known.</summary>
    public bool HasSyncobjTimelineSyncFile { get; init; }

    /// <summary>drm_driver.postclose: the driver's last word on a file being released, after the core dropped its syncobjs, GEM handles and master.</summary>
    internal virtual void Postclose(DrmFileModel file) { }

    /// <summary>Driver ioctls (DRM_COMMAND_BASE + n): the result, or -EINVAL when the driver has none at that nr.</summary>
    internal virtual unsafe int DriverIoctl(DrmFileModel file, uint request, void* arg) => -(int)Errno.EINVAL;

    /// <summary>drm_getcap(): the answer for one capability, or -errno.</summary>
    internal virtual int GetCap(ulong cap, out ulong value)
    {
        value = 0;
        switch (cap)
        {
            case DRM_CAP_TIMESTAMP_MONOTONIC: value = 1; return 0;
            case DRM_CAP_PRIME:
                value = (HasPrimeImport ? DRM_PRIME_CAP_IMPORT : 0) | (HasPrimeExport ? DRM_PRIME_CAP_EXPORT : 0);
                return 0;
            case DRM_CAP_SYNCOBJ: value = Has(DrmDriverFeatures.Syncobj) ? 1UL : 0; return 0;
            case DRM_CAP_SYNCOBJ_TIMELINE: value = Has(DrmDriverFeatures.SyncobjTimeline) ? 1UL : 0; return 0;
        }
        // The rest only mean something for KMS drivers.
        if (!Has(DrmDriverFeatures.Modeset)) return -(int)Errno.EOPNOTSUPP;
        switch (cap)
        {
            case DRM_CAP_DUMB_BUFFER: value = 1; return 0;
            case DRM_CAP_VBLANK_HIGH_CRTC: value = 1; return 0;
            case DRM_CAP_DUMB_PREFERRED_DEPTH: value = PreferredDepth; return 0;
            case DRM_CAP_DUMB_PREFER_SHADOW: value = PreferShadow ? 1UL : 0; return 0;
            case DRM_CAP_ASYNC_PAGE_FLIP: value = 0; return 0;
            case DRM_CAP_PAGE_FLIP_TARGET: value = 0; return 0;
            case DRM_CAP_CURSOR_WIDTH: value = 64; return 0;
            case DRM_CAP_CURSOR_HEIGHT: value = 64; return 0;
            case DRM_CAP_ADDFB2_MODIFIERS: value = HasAddFb2Modifiers ? 1UL : 0; return 0;
            case DRM_CAP_CRTC_IN_VBLANK_EVENT: value = 1; return 0;
            default: return -(int)Errno.EINVAL;
        }
    }

    // ---- GEM state shared by every file of the device ----

    private readonly object _gemLock = new();
    private readonly Dictionary<uint, GemObjectModel> _flinkNames = new();
    private readonly Dictionary<ulong, GemObjectModel> _mmapOffsets = new();
    private uint _nextFlinkName = 1;
    // drm_vma_offset_manager starts fake offsets above 4 GiB on 64-bit (DRM_FILE_PAGE_OFFSET_START).
    private ulong _nextMmapOffset = 0x1_0000_0000;

    internal object GemLock => _gemLock;

    internal uint Flink(GemObjectModel obj)
    {
        lock (_gemLock)
        {
            if (obj.FlinkName == 0)
            {
                obj.FlinkName = _nextFlinkName++;
                _flinkNames[obj.FlinkName] = obj;
            }
            return obj.FlinkName;
        }
    }

    /// <summary>GEM_OPEN's lookup: the object with that name and a new reference on it, or null (none, or being freed).</summary>
    internal GemObjectModel? LookupFlinkAndRef(uint name)
    {
        lock (_gemLock) return _flinkNames.TryGetValue(name, out var obj) && obj.TryAddRef() ? obj : null;
    }

    internal ulong MmapOffset(GemObjectModel obj)
    {
        lock (_gemLock)
        {
            if (obj.MmapOffset == 0)
            {
                obj.MmapOffset = _nextMmapOffset;
                _nextMmapOffset += HostOs.PageAlign(obj.Size);
                _mmapOffsets[obj.MmapOffset] = obj;
            }
            return obj.MmapOffset;
        }
    }

    internal GemObjectModel? LookupMmapOffset(ulong offset)
    {
        lock (_gemLock) return _mmapOffsets.GetValueOrDefault(offset);
    }

    /// <summary>
    /// The object is gone: its flink name and mmap offset no longer resolve. A shell this device made (not a foreign
    /// import) is kept for <see cref="NewGemObject"/>: a lookup that races the free holds the lock and sees a zero
    /// count, so it can never catch the shell once reused.
    /// </summary>
    internal void Forget(GemObjectModel obj, bool recycle)
    {
        lock (_gemLock)
        {
            if (obj.FlinkName != 0) _flinkNames.Remove(obj.FlinkName);
            if (obj.MmapOffset != 0) _mmapOffsets.Remove(obj.MmapOffset);
            if (recycle && _freeObjects.Count < MaxFreeObjects) _freeObjects.Push(obj);
        }
    }

    private const int MaxFreeObjects = 64;
    private readonly Stack<GemObjectModel> _freeObjects = new();

    /// <summary>A new GEM object of <paramref name="size"/> bytes (zero-filled, one reference), in a recycled shell when there is one.</summary>
    internal GemObjectModel NewGemObject(ulong size, object? driverData = null)
    {
        GemObjectModel? obj;
        lock (_gemLock) _freeObjects.TryPop(out obj);
        obj ??= new GemObjectModel(this);
        try
        {
            obj.Initialize(size, driverData);
        }
        catch
        {
            lock (_gemLock) if (_freeObjects.Count < MaxFreeObjects) _freeObjects.Push(obj);
            throw;
        }
        return obj;
    }

    /// <summary>Whether the driver has dumb_create (vgem and every KMS driver we model do).</summary>
    public bool HasDumbCreate { get; init; } = true;

    /// <summary>The file holding DRM master on this device, if any; changed under <see cref="MasterLock"/> (dev->master_mutex).</summary>
    internal DrmFileModel? Master { get; set; }

    internal object MasterLock { get; } = new();

    public ulong PreferredDepth { get; init; } = 24;
    /// <summary>DRM_CAP_ADDFB2_MODIFIERS (virtio-gpu on 6.1 answers 0).</summary>
    public bool HasAddFb2Modifiers { get; init; } = true;

    /// <summary>The modeset objects of a DRIVER_MODESET device; null for render-only drivers.</summary>
    public KmsModel? Kms { get; init; }
    public bool PreferShadow { get; init; }
}
