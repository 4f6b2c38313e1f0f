using System.Text;
using Uapi.Backends.Loopback.DmaBuf;
using Uapi.Raw;
using static Uapi.Raw.Interop.Drm;
using Uapi.Host;

namespace Uapi.Backends.Loopback.Drm;

/// <summary>One open DRM file (struct drm_file): dispatch as drm_ioctl() does, then the per-ioctl handlers.</summary>
internal sealed unsafe partial class DrmFile(LoopbackBackend backend, DrmNode node) : LoopbackFile
{
    public LoopbackBackend Backend { get; } = backend;
    public DrmNode Node { get; } = node;
    public DrmDeviceModel Device => Node.Device;
    public bool IsRender => Node.Kind == DeviceNodeKind.DrmRender;
    public bool IsAccel => Node.Kind == DeviceNodeKind.Accel;
    public bool IsMaster { get; private set; }

    public override string Description => Node.Path;

    // fstat on a DRM fd reports the minor it was opened from, even after the device is unplugged.
    internal override (uint Major, uint Minor)? DeviceNumber => (Node.Major, Node.Minor);

    internal override int Ioctl(uint request, void* arg)
    {
        // drm_ioctl(): an unplugged device refuses everything first, whatever the request.
        if (Device.IsUnplugged) return -(int)Errno.ENODEV;
        // drm_ioctl(): a request of another type ('b' for dma-buf, say) is not DRM's; after that only nr counts,
        // the size and direction bits are not checked against the table.
        if (Ioc.Type(request) != DRM_IOCTL_BASE) return -(int)Errno.ENOTTY;
        uint nr = Ioc.Nr(request);
        bool isDriver = nr >= DRM_COMMAND_BASE && nr < DRM_COMMAND_END;
        if (isDriver) return Device.DriverIoctl(this, request, arg);
        if (!Device.TryGetCoreFlags(nr, out var flags)) return -(int)Errno.EINVAL;
        if (IsRender && (flags & DrmIoctlFlags.RenderAllow) == 0) return -(int)Errno.EACCES;
        // drm_ioctl_permit(): DRM_AUTH passes render clients and authenticated files; an accel file is
        // authenticated only when opened with CAP_SYS_ADMIN (drm_file_alloc), as it never goes through drm_master_open.
        if (IsAccel && (flags & DrmIoctlFlags.Auth) != 0 && !Environment.IsPrivilegedProcess) return -(int)Errno.EACCES;
        if ((flags & DrmIoctlFlags.Master) != 0 && !IsMaster) return -(int)Errno.EACCES;

        if (DrmDeviceModel.IsSyncobjNr(nr)) return SyncobjIoctl(nr, arg);
        if (DrmDeviceModel.IsKmsNr(nr)) return Device.Has(DrmDriverFeatures.Modeset) ? KmsIoctl(nr, arg) : -(int)Errno.EOPNOTSUPP;

        return nr switch
        {
            DRM_NR_VERSION => Version((DrmVersion*)arg),
            DRM_NR_GET_CAP => GetCap((DrmGetCap*)arg),
            DRM_NR_SET_CLIENT_CAP => SetClientCap((DrmSetClientCap*)arg),
            DRM_NR_GEM_CLOSE => GemClose((DrmGemClose*)arg),
            DRM_NR_GEM_FLINK => GemFlink((DrmGemFlink*)arg),
            DRM_NR_GEM_OPEN => GemOpen((DrmGemOpen*)arg),
            DRM_NR_SET_MASTER => SetMaster(),
            DRM_NR_DROP_MASTER => DropMaster(),
            DRM_NR_PRIME_HANDLE_TO_FD => PrimeHandleToFd((DrmPrimeHandle*)arg),
            DRM_NR_PRIME_FD_TO_HANDLE => PrimeFdToHandle((DrmPrimeHandle*)arg),
            DRM_NR_MODE_CREATE_DUMB => CreateDumb((DrmModeCreateDumb*)arg),
            DRM_NR_MODE_MAP_DUMB => MapDumb((DrmModeMapDumb*)arg),
            DRM_NR_MODE_DESTROY_DUMB => GemDelete(((DrmModeDestroyDumb*)arg)->Handle),
            _ => -(int)Errno.EINVAL,
        };
    }

    // ---- GEM handles (drm_gem.c) ----

    private readonly IdTable<GemObjectModel> _handles = new();

    internal uint AddHandle(GemObjectModel obj) => _handles.Add(obj);

    internal GemObjectModel? LookupHandle(uint handle) => _handles.Get(handle);

    /// <summary>drm_gem_handle_delete(): EINVAL for a handle this file does not have.</summary>
    private int GemDelete(uint handle)
    {
        if (!_handles.Remove(handle, out var obj)) return -(int)Errno.EINVAL;
        obj.Release();
        return 0;
    }

    private int GemClose(DrmGemClose* c) => GemDelete(c->Handle);

    private int GemFlink(DrmGemFlink* f)
    {
        var obj = LookupHandle(f->Handle);
        if (obj is null) return -(int)Errno.ENOENT;
        f->Name = Device.Flink(obj);
        return 0;
    }

    /// <summary>GEM_OPEN makes a new handle every time, even for an object this file already has.</summary>
    private int GemOpen(DrmGemOpen* o)
    {
        var obj = Device.LookupFlinkAndRef(o->Name);
        if (obj is null) return -(int)Errno.ENOENT;
        o->Handle = AddHandle(obj);
        o->Size = obj.Size;
        return 0;
    }

    private int CreateDumb(DrmModeCreateDumb* a)
    {
        if (!Device.HasDumbCreate) return -(int)Errno.ENOSYS;
        // drm_mode_create_dumb(): zero sizes and 32-bit overflow of pitch * height are EINVAL.
        if (a->Width == 0 || a->Height == 0 || a->Bpp == 0) return -(int)Errno.EINVAL;
        if (a->Bpp > uint.MaxValue - 8) return -(int)Errno.EINVAL;
        uint cpp = (a->Bpp + 7) / 8;
        if (cpp > uint.MaxValue / a->Width) return -(int)Errno.EINVAL;
        uint stride = cpp * a->Width;
        if (a->Height > uint.MaxValue / stride) return -(int)Errno.EINVAL;
        ulong size = (ulong)a->Height * stride;
        if (HostOs.PageAlign(size) == 0) return -(int)Errno.EINVAL;
        // drm_gem_shmem_dumb_create(): pitch is the minimum, size page-aligned.
        uint pitch = (uint)(((ulong)a->Width * a->Bpp + 7) / 8);
        size = HostOs.PageAlign((ulong)pitch * a->Height);
        var obj = Device.NewGemObject(size);
        a->Handle = AddHandle(obj);
        a->Pitch = pitch;
        a->Size = size;
        return 0;
    }

    private int MapDumb(DrmModeMapDumb* m)
    {
        if (!Device.HasDumbCreate) return -(int)Errno.ENOSYS;
        var obj = LookupHandle(m->Handle);
        if (obj is null) return -(int)Errno.ENOENT;
        if (obj.Imported) return -(int)Errno.EINVAL;
        m->Offset = Device.MmapOffset(obj);
        return 0;
    }

    /// <summary>drm_gem_mmap(): the object's pages, tracked so an unplug can replace them.</summary>
    internal override void* Map(long offset, nuint length, int prot, out Errno errno)
    {
        // Under the backend's map lock, so an unplug either sees this mapping or this map sees the unplug.
        lock (Backend.MapLock)
        {
            errno = FindMappable(offset, length, out int memfd);
            if (errno != Errno.None) return null;
            void* m = HostOs.MapShared(memfd, 0, length, prot, out errno);
            if (m != null) Backend.TrackMapping(m, length, prot, Device);
            return m;
        }
    }

    private Errno FindMappable(long offset, nuint length, out int fd)
    {
        fd = -1;
        // drm_gem_mmap(): an unplugged device refuses new mappings.
        if (Device.IsUnplugged) return Errno.ENODEV;
        var obj = Device.LookupMmapOffset((ulong)offset);
        // drm_gem_mmap(): no object at that offset, or not one this file has a handle to, is EINVAL / EACCES.
        if (obj is null) return Errno.EINVAL;
        if (!_handles.Contains(obj)) return Errno.EACCES;
        if ((ulong)length > obj.Size) return Errno.EINVAL;
        fd = obj.Memfd;
        return Errno.None;
    }

    // ---- PRIME (drm_prime.c) ----

    private int PrimeHandleToFd(DrmPrimeHandle* p)
    {
        if ((p->Flags & ~(DRM_CLOEXEC | DRM_RDWR)) != 0) return -(int)Errno.EINVAL;
        var obj = LookupHandle(p->Handle);
        if (obj is null) return -(int)Errno.ENOENT;
        // drm_gem_prime_handle_to_fd(): an imported object gives back the dma-buf it came from; an exported one the
        // dma-buf it already has (obj->dma_buf); otherwise a new export.
        var buffer = obj.ImportedBuffer is { } imported ? imported.TryAddRef() ? imported : null : DmaBufModel.ExportGem(obj);
        if (buffer is null) return -(int)Errno.ENOENT;
        var file = new DmaBufFile(Backend, buffer, (p->Flags & DRM_CLOEXEC) != 0);
        buffer.Release(); // the file holds its own reference
        int fd = Backend.Register(file);
        if (fd < 0) return fd;
        p->Fd = fd;
        return 0;
    }

    private int PrimeFdToHandle(DrmPrimeHandle* p)
    {
        var file = Backend.Lookup(p->Fd);
        if (file is not DmaBufFile dmaBuf)
        {
            // dma_buf_get(): no such fd is EBADF; an fd that is not a dma-buf is EINVAL.
            return HostOs.IsOpenFd(p->Fd) ? -(int)Errno.EINVAL : -(int)Errno.EBADF;
        }
        var buffer = dmaBuf.Buffer;
        var exported = buffer.Gem;
        // The same buffer on the same file gives back the handle it already has (found and added atomically).
        // drm_gem_prime_import_dev(): a buffer this device exported is its own object again; anything else (another
        // device's buffer, a heap buffer, a udmabuf) becomes a new object of this device, attached to the dma-buf.
        p->Handle = _handles.FindOrAdd(
            o => (exported is not null && ReferenceEquals(o, exported)) || ReferenceEquals(o.ImportedBuffer, buffer),
            () =>
            {
                if (exported is null || !ReferenceEquals(exported.Device, Device)) return GemObjectModel.Import(Device, buffer);
                exported.AddRef();
                return exported;
            });
        return 0;
    }

    // ---- master (drm_auth.c) ----
    // The kernel keeps master objects that files share; what the ioctls can observe is simpler: the device has at
    // most one current master file, a primary file either created a master (was_master) or not, and only primary
    // files have a master at all. Render files never get here: SET/DROP_MASTER lack DRM_RENDER_ALLOW.

    /// <summary>drm_file.was_master: this file has been master at some point, so it may SET/DROP without CAP_SYS_ADMIN.</summary>
    private bool _wasMaster;

    /// <summary>drm_master_open(): a primary file opened while the device has no master becomes it.</summary>
    internal void BecomeMasterIfNone()
    {
        lock (Device.MasterLock)
            if (Device.Master is null) TakeMaster();
    }

    private void TakeMaster()
    {
        Device.Master = this;
        IsMaster = true;
        _wasMaster = true;
    }

    /// <summary>drm_master_check_perm(): a file that was master (opened by this process) or CAP_SYS_ADMIN.</summary>
    private bool MayChangeMaster => _wasMaster || Environment.IsPrivilegedProcess;

    /// <summary>drm_setmaster_ioctl(): EACCES, then nothing to do for the current master, EBUSY, EINVAL without a master object.</summary>
    private int SetMaster()
    {
        lock (Device.MasterLock)
        {
            if (!MayChangeMaster) return -(int)Errno.EACCES;
            if (IsMaster) return 0;
            if (Device.Master is not null) return -(int)Errno.EBUSY;
            // Only primary files hold a master object (accel files reach here; render files were refused earlier).
            if (Node.Kind != DeviceNodeKind.DrmPrimary) return -(int)Errno.EINVAL;
            TakeMaster();
            return 0;
        }
    }

    /// <summary>drm_dropmaster_ioctl(): EACCES, then EINVAL unless this file is the current master.</summary>
    private int DropMaster()
    {
        lock (Device.MasterLock)
        {
            if (!MayChangeMaster) return -(int)Errno.EACCES;
            if (!IsMaster) return -(int)Errno.EINVAL;
            Device.Master = null;
            IsMaster = false;
            return 0;
        }
    }

    /// <summary>What the driver keeps per open file (drm_file.driver_priv), e.g. vgem's fence ids.</summary>
    internal object? DriverPriv { get; set; }

    /// <summary>drm_file_free(): syncobjs, then GEM handles, then master, then the driver's postclose.</summary>
    protected override void OnLastClose()
    {
        ReleaseSyncobjs();
        foreach (var o in _handles.TakeAll()) o.Release();
        lock (Device.MasterLock)
            if (IsMaster) { Device.Master = null; IsMaster = false; }
        Device.Postclose(this);
    }

    private int Version(DrmVersion* v)
    {
        v->VersionMajor = Device.VersionMajor;
        v->VersionMinor = Device.VersionMinor;
        v->VersionPatchlevel = Device.VersionPatch;
        int r = CopyField(ref v->NameLen, v->Name, Device.DriverName);
        // 6.12's drm_version reports "0" for every driver: the date is deprecated.
        if (r == 0) r = CopyField(ref v->DateLen, v->Date, Device.Since612 ? "0" : Device.Date);
        if (r == 0) r = CopyField(ref v->DescLen, v->Desc, Device.Description);
        return r;
    }

    /// <summary>drm_copy_field(): report the full length; copy min(len, strlen) bytes unless the buffer is NULL.</summary>
    private static int CopyField(ref nuint len, nint buffer, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        nuint copy = (nuint)Math.Min((ulong)len, (ulong)bytes.Length);
        len = (nuint)bytes.Length;
        if (copy == 0 || buffer == 0) return 0;
        bytes.AsSpan(0, (int)copy).CopyTo(new Span<byte>((void*)buffer, (int)copy));
        return 0;
    }

    private int GetCap(DrmGetCap* c)
    {
        int r = Device.GetCap(c->Capability, out var value);
        if (r == 0) c->Value = value;
        return r;
    }
}
