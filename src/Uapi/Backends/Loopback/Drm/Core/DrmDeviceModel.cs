using Uapi.Raw;
using static Uapi.Raw.Interop.Drm;
using Uapi.Host;

namespace Uapi.Backends.Loopback.Drm;

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
    /// The exp_name of this driver's PRIME exports: drm_gem_prime_export() says "drm" (drm_prime.c's KBUILD_MODNAME,
    /// "a white lie for debug"); a driver with its own export (virtio-gpu's DEFINE_DMA_BUF_EXPORT_INFO) says its module's.
    /// </summary>
    public string PrimeExporterName { get; init; } = "drm";

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

    /// <summary>The kernel whose drm_ioctls[] and answers this device gives (6.1 or 6.12); see <see cref="StandardDeviceOptions.Kernel"/>.</summary>
    public Version Kernel
    {
        get => _kernel;
        init
        {
            _kernel = value;
            _since612 = value >= StandardDeviceOptions.Linux612;
            _coreIoctls = _since612 ? s_coreIoctls612 : s_coreIoctls61;
        }
    }

    private readonly Version _kernel = StandardDeviceOptions.Linux612;
    // Decided once: every ioctl asks, and a Version comparison costs more than the table lookup it guards.
    private readonly bool _since612 = true;
    private readonly DrmIoctlFlags?[] _coreIoctls = s_coreIoctls612;

    /// <summary>The device answers as 6.12 where 6.1 and 6.12 differ.</summary>
    internal bool Since612 => _since612;

    /// <summary>Highest core ioctl nr + 1 on the modelled kernel (6.1 ends at MODE_GETFB2, 6.6 adds SYNCOBJ_EVENTFD, 6.8 MODE_CLOSEFB).</summary>
    internal int CoreIoctlCount => (int)(Since612 ? DRM_NR_MODE_CLOSEFB : HasSyncobjEventfd ? DRM_NR_SYNCOBJ_EVENTFD : DRM_NR_MODE_GETFB2) + 1;

    /// <summary>drm_ioctls[] in drivers/gpu/drm/drm_ioctl.c (6.1, and EVENTFD from 6.6): who may call each core nr; null for an empty slot.</summary>
    private static readonly DrmIoctlFlags?[] s_coreIoctls61 = CoreIoctlTable(linux612: false);

    /// <summary>6.12's drm_ioctls[]: 6.8 dropped DRM_LEGACY with every legacy slot and MODESET_CTL, and added MODE_CLOSEFB.</summary>
    private static readonly DrmIoctlFlags?[] s_coreIoctls612 = CoreIoctlTable(linux612: true);

    private static DrmIoctlFlags?[] CoreIoctlTable(bool linux612)
    {
        const DrmIoctlFlags N = DrmIoctlFlags.None, R = DrmIoctlFlags.RenderAllow, A = DrmIoctlFlags.Auth, M = DrmIoctlFlags.Master,
            AMRoot = DrmIoctlFlags.Auth | DrmIoctlFlags.Master | DrmIoctlFlags.RootOnly;
        var t = new DrmIoctlFlags?[DRM_NR_MODE_CLOSEFB + 1];
        void Def(DrmIoctlFlags flags, params uint[] nrs)
        {
            foreach (var nr in nrs) t[nr] = flags;
        }
        Def(R, DRM_NR_VERSION, DRM_NR_GEM_CLOSE, DRM_NR_GET_CAP, DRM_NR_PRIME_HANDLE_TO_FD, DRM_NR_PRIME_FD_TO_HANDLE);
        Def(R, DRM_NR_SYNCOBJ_CREATE, DRM_NR_SYNCOBJ_DESTROY, DRM_NR_SYNCOBJ_HANDLE_TO_FD, DRM_NR_SYNCOBJ_FD_TO_HANDLE,
            DRM_NR_SYNCOBJ_WAIT, DRM_NR_SYNCOBJ_RESET, DRM_NR_SYNCOBJ_SIGNAL, DRM_NR_SYNCOBJ_TIMELINE_WAIT, DRM_NR_SYNCOBJ_QUERY,
            DRM_NR_SYNCOBJ_TRANSFER, DRM_NR_SYNCOBJ_TIMELINE_SIGNAL, DRM_NR_SYNCOBJ_EVENTFD);
        Def(A, DRM_NR_GEM_FLINK, DRM_NR_GEM_OPEN, DRM_NR_FINISH);
        Def(M, DRM_NR_SET_VERSION, DRM_NR_AUTH_MAGIC);
        // No-ops kept for old userspace.
        Def(AMRoot, DRM_NR_SET_UNIQUE, DRM_NR_BLOCK, DRM_NR_UNBLOCK, DRM_NR_ADD_DRAW, DRM_NR_RM_DRAW, DRM_NR_UPDATE_DRAW);
        // KMS writes and leases.
        Def(M, DRM_NR_MODE_SETCRTC, DRM_NR_MODE_CURSOR, DRM_NR_MODE_SETGAMMA, DRM_NR_MODE_ATTACHMODE, DRM_NR_MODE_DETACHMODE,
            DRM_NR_MODE_SETPROPERTY, DRM_NR_MODE_PAGE_FLIP, DRM_NR_MODE_DIRTYFB, DRM_NR_MODE_SETPLANE, DRM_NR_MODE_OBJ_SETPROPERTY,
            DRM_NR_MODE_CURSOR2, DRM_NR_MODE_ATOMIC);
        Def(M, DRM_NR_MODE_CREATE_LEASE, DRM_NR_MODE_LIST_LESSEES, DRM_NR_MODE_GET_LEASE, DRM_NR_MODE_REVOKE_LEASE);
        Def(N, DRM_NR_GET_UNIQUE, DRM_NR_GET_MAGIC, DRM_NR_GET_CLIENT, DRM_NR_GET_STATS,
            DRM_NR_SET_CLIENT_CAP, DRM_NR_SET_MASTER, DRM_NR_DROP_MASTER, DRM_NR_WAIT_VBLANK, DRM_NR_CRTC_GET_SEQUENCE,
            DRM_NR_CRTC_QUEUE_SEQUENCE);
        Def(N, DRM_NR_MODE_GETRESOURCES, DRM_NR_MODE_GETCRTC, DRM_NR_MODE_GETGAMMA, DRM_NR_MODE_GETENCODER, DRM_NR_MODE_GETCONNECTOR,
            DRM_NR_MODE_GETPROPERTY, DRM_NR_MODE_GETPROPBLOB, DRM_NR_MODE_GETFB, DRM_NR_MODE_ADDFB, DRM_NR_MODE_RMFB,
            DRM_NR_MODE_CREATE_DUMB, DRM_NR_MODE_MAP_DUMB, DRM_NR_MODE_DESTROY_DUMB, DRM_NR_MODE_GETPLANERESOURCES,
            DRM_NR_MODE_GETPLANE, DRM_NR_MODE_ADDFB2, DRM_NR_MODE_OBJ_GETPROPERTIES, DRM_NR_MODE_CREATEPROPBLOB,
            DRM_NR_MODE_DESTROYPROPBLOB, DRM_NR_MODE_GETFB2);
        if (linux612)
        {
            Def(N, DRM_NR_MODE_CLOSEFB);
            return t;
        }
        // Legacy (DRM_LEGACY_IOCTL_DEF): drm_invalid_op without CONFIG_DRM_LEGACY, flags kept; and MODESET_CTL.
        Def(N, DRM_NR_GET_MAP, DRM_NR_MODESET_CTL);
        Def(M | DrmIoctlFlags.RootOnly, DRM_NR_IRQ_BUSID);
        Def(AMRoot, DRM_NR_CONTROL, DRM_NR_ADD_MAP, DRM_NR_ADD_BUFS, DRM_NR_MARK_BUFS, DRM_NR_SET_SAREA_CTX, DRM_NR_RM_CTX,
            DRM_NR_MOD_CTX, DRM_NR_SWITCH_CTX, DRM_NR_NEW_CTX);
        Def(AMRoot, DRM_NR_AGP_ACQUIRE, DRM_NR_AGP_RELEASE, DRM_NR_AGP_ENABLE, DRM_NR_AGP_ALLOC, DRM_NR_AGP_FREE, DRM_NR_AGP_BIND,
            DRM_NR_AGP_UNBIND, DRM_NR_SG_ALLOC, DRM_NR_SG_FREE);
        Def(A, DRM_NR_INFO_BUFS, DRM_NR_MAP_BUFS, DRM_NR_FREE_BUFS, DRM_NR_RM_MAP, DRM_NR_GET_SAREA_CTX, DRM_NR_GET_CTX,
            DRM_NR_RES_CTX, DRM_NR_DMA, DRM_NR_LOCK, DRM_NR_UNLOCK, DRM_NR_AGP_INFO);
        Def(A | DrmIoctlFlags.RootOnly, DRM_NR_ADD_CTX);
        return t;
    }

    /// <summary>
    /// Whether the modelled table has an entry (a handler, or drm_invalid_op for 6.1's legacy slots) at this core nr,
    /// and who may call it.
    /// </summary>
    internal bool TryGetCoreFlags(uint nr, out DrmIoctlFlags flags)
    {
        if (nr < (uint)CoreIoctlCount && _coreIoctls[nr] is { } f)
        {
            flags = f;
            return true;
        }
        flags = DrmIoctlFlags.None;
        return false;
    }

    /// <summary>The syncobj ioctls (drm_syncobj.c), reached only on DRIVER_SYNCOBJ devices.</summary>
    internal static bool IsSyncobjNr(uint nr) =>
        nr is >= DRM_NR_SYNCOBJ_CREATE and <= DRM_NR_SYNCOBJ_SIGNAL
            or >= DRM_NR_SYNCOBJ_TIMELINE_WAIT and <= DRM_NR_SYNCOBJ_TIMELINE_SIGNAL
            or DRM_NR_SYNCOBJ_EVENTFD;

    /// <summary>The KMS ioctls (drm_mode_config.c and friends) other than dumb buffers, reached only on DRIVER_MODESET devices.</summary>
    internal static bool IsKmsNr(uint nr) =>
        nr is (>= DRM_NR_MODE_GETRESOURCES and <= DRM_NR_MODE_GETFB2 or DRM_NR_MODE_CLOSEFB)
            and not (DRM_NR_MODE_CREATE_DUMB or DRM_NR_MODE_MAP_DUMB or DRM_NR_MODE_DESTROY_DUMB);


    /// <summary>DRM_IOCTL_SYNCOBJ_EVENTFD exists (Linux 6.6+). The stock and test VMs run 6.1.</summary>
    public bool HasSyncobjEventfd { get; init; }

    /// <summary>DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE is accepted (Linux 6.4+).</summary>
    public bool HasWaitDeadline { get; init; }

    /// <summary>The 2025 `point` field and the *_FLAGS_TIMELINE sync_file import/export flags are known.</summary>
    public bool HasSyncobjTimelineSyncFile { get; init; }

    /// <summary>drm_driver.postclose: the driver's last word on a file being released, after the core dropped its syncobjs, GEM handles and master.</summary>
    internal virtual void Postclose(DrmFile file) { }

    /// <summary>Driver ioctls (DRM_COMMAND_BASE + n): the result, or -EINVAL when the driver has none at that nr.</summary>
    internal virtual unsafe int DriverIoctl(DrmFile file, uint request, void* arg) => -(int)Errno.EINVAL;

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
            case DRM_CAP_CURSOR_WIDTH: value = CursorWidth; return 0;
            case DRM_CAP_CURSOR_HEIGHT: value = CursorHeight; return 0;
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
    internal DrmFile? Master { get; set; }

    internal object MasterLock { get; } = new();

    public ulong PreferredDepth { get; init; } = 24;

    /// <summary>mode_config.cursor_width/height as GET_CAP reports them: 64 unless the driver sets its own (vkms: 512).</summary>
    public ulong CursorWidth { get; init; } = 64;
    public ulong CursorHeight { get; init; } = 64;
    /// <summary>DRM_CAP_ADDFB2_MODIFIERS (virtio-gpu on 6.1 answers 0).</summary>
    public bool HasAddFb2Modifiers { get; init; } = true;

    /// <summary>The modeset objects of a DRIVER_MODESET device; null for render-only drivers.</summary>
    public KmsModel? Kms { get; init; }
    public bool PreferShadow { get; init; }
}
