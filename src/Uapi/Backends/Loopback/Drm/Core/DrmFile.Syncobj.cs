using Uapi.Backends.Loopback.Sync;
using static Uapi.Raw.Interop.Drm;
using Uapi.Raw;

namespace Uapi.Backends.Loopback.Drm;

// Syncobj ioctls (drivers/gpu/drm/drm_syncobj.c). Checks and their order follow the kernel; features newer
// than 6.1 (EVENTFD, WAIT_DEADLINE, timeline sync_file import/export) depend on the device model's switches.
internal sealed unsafe partial class DrmFile
{
    private readonly IdTable<SyncobjModel> _syncobjs = new();

    private const int EINVAL = -(int)Errno.EINVAL, ENOENT = -(int)Errno.ENOENT, EOPNOTSUPP = -(int)Errno.EOPNOTSUPP;

    private int SyncobjIoctl(uint nr, void* arg)
    {
        if (!Device.Has(DrmDriverFeatures.Syncobj)) return EOPNOTSUPP;
        bool timeline = Device.Has(DrmDriverFeatures.SyncobjTimeline);
        return nr switch
        {
            DRM_NR_SYNCOBJ_CREATE => Create((DrmSyncobjCreate*)arg),
            DRM_NR_SYNCOBJ_DESTROY => Destroy((DrmSyncobjDestroy*)arg),
            DRM_NR_SYNCOBJ_HANDLE_TO_FD => HandleToFd((DrmSyncobjHandle*)arg),
            DRM_NR_SYNCOBJ_FD_TO_HANDLE => FdToHandle((DrmSyncobjHandle*)arg),
            DRM_NR_SYNCOBJ_WAIT => Wait((DrmSyncobjWait*)arg),
            DRM_NR_SYNCOBJ_RESET => ResetOrSignal((DrmSyncobjArray*)arg, signal: false),
            DRM_NR_SYNCOBJ_SIGNAL => ResetOrSignal((DrmSyncobjArray*)arg, signal: true),
            DRM_NR_SYNCOBJ_TIMELINE_WAIT => timeline ? TimelineWait((DrmSyncobjTimelineWait*)arg) : EOPNOTSUPP,
            DRM_NR_SYNCOBJ_QUERY => timeline ? Query((DrmSyncobjTimelineArray*)arg) : EOPNOTSUPP,
            DRM_NR_SYNCOBJ_TRANSFER => timeline ? Transfer((DrmSyncobjTransfer*)arg) : EOPNOTSUPP,
            DRM_NR_SYNCOBJ_TIMELINE_SIGNAL => timeline ? TimelineSignal((DrmSyncobjTimelineArray*)arg) : EOPNOTSUPP,
            DRM_NR_SYNCOBJ_EVENTFD => timeline ? Eventfd((DrmSyncobjEventfd*)arg) : EOPNOTSUPP,
            _ => EINVAL,
        };
    }

    private uint AddSyncobj(SyncobjModel s) => _syncobjs.Add(s);

    private SyncobjModel? FindSyncobj(uint handle) => _syncobjs.Get(handle);

    /// <summary>drm_syncobj_array_find(): EFAULT for a bad pointer is not modelled; ENOENT for an unknown handle.</summary>
    private int FindAll(ulong handles, uint count, out SyncobjModel[] found)
    {
        found = new SyncobjModel[count];
        if (handles == 0) return -(int)Errno.EFAULT;
        var h = (uint*)handles;
        for (int i = 0; i < count; i++)
        {
            var s = FindSyncobj(h[i]);
            if (s is null) return ENOENT;
            found[i] = s;
        }
        return 0;
    }

    private int Create(DrmSyncobjCreate* c)
    {
        if ((c->Flags & ~DRM_SYNCOBJ_CREATE_SIGNALED) != 0) return EINVAL;
        c->Handle = AddSyncobj(SyncobjModel.Create((c->Flags & DRM_SYNCOBJ_CREATE_SIGNALED) != 0));
        return 0;
    }

    private int Destroy(DrmSyncobjDestroy* d)
    {
        if (d->Pad != 0) return EINVAL;
        return _syncobjs.Remove(d->Handle, out _) ? 0 : EINVAL;
    }

    private int HandleToFd(DrmSyncobjHandle* a)
    {
        if (a->Pad != 0) return EINVAL;
        bool exportSyncFile = (a->Flags & DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE) != 0;
        if (Device.HasSyncobjTimelineSyncFile)
        {
            if ((a->Flags & ~(DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE | DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE)) != 0) return EINVAL;
            bool timelineFlag = (a->Flags & DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE) != 0;
            if (a->Point != 0 && !(exportSyncFile && timelineFlag)) return EINVAL;
            if (timelineFlag && !exportSyncFile) return EINVAL;
        }
        else if (a->Flags != 0 && a->Flags != DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE)
        {
            return EINVAL;
        }

        if (exportSyncFile)
        {
            var s = FindSyncobj(a->Handle);
            if (s is null) return ENOENT;
            int r = SyncobjOps.ExportSyncFile(Backend, s, Device.HasSyncobjTimelineSyncFile ? a->Point : 0, out int fd);
            if (r == 0) a->Fd = fd;
            return r;
        }
        else
        {
            var s = FindSyncobj(a->Handle);
            if (s is null) return EINVAL;
            int fd = Backend.Register(new SyncobjFile(s));
            if (fd < 0) return fd;
            a->Fd = fd;
            return 0;
        }
    }

    private int FdToHandle(DrmSyncobjHandle* a)
    {
        if (a->Pad != 0) return EINVAL;
        bool import = (a->Flags & DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE) != 0;
        bool timelineFlag = false;
        if (Device.HasSyncobjTimelineSyncFile)
        {
            if ((a->Flags & ~(DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE | DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE)) != 0) return EINVAL;
            timelineFlag = (a->Flags & DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE) != 0;
            if (a->Point != 0 && !(import && timelineFlag)) return EINVAL;
            if (timelineFlag && !import) return EINVAL;
        }
        else if (a->Flags != 0 && a->Flags != DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE)
        {
            return EINVAL;
        }

        if (import)
        {
            if (Backend.Lookup(a->Fd) is not SyncFile sf) return EINVAL;
            var s = FindSyncobj(a->Handle);
            if (s is null) return ENOENT;
            SyncobjOps.ImportFence(s, sf.Fence, timelineFlag ? a->Point : 0);
            return 0;
        }
        if (Backend.Lookup(a->Fd) is not SyncobjFile file) return EINVAL;
        a->Handle = AddSyncobj(file.Syncobj);
        return 0;
    }

    private int ResetOrSignal(DrmSyncobjArray* a, bool signal)
    {
        if (a->Pad != 0) return EINVAL;
        if (a->CountHandles == 0) return EINVAL;
        int r = FindAll(a->Handles, a->CountHandles, out var objs);
        if (r != 0) return r;
        foreach (var s in objs) s.Replace(signal ? SimpleFenceModel.Stub() : null);
        return 0;
    }

    private int TimelineSignal(DrmSyncobjTimelineArray* a)
    {
        if (a->Flags != 0) return EINVAL;
        if (a->CountHandles == 0) return EINVAL;
        if (a->CountHandles == 1) // the common case, without the array (the same checks in the same order)
        {
            if (a->Handles == 0) return -(int)Errno.EFAULT;
            var one = FindSyncobj(*(uint*)a->Handles);
            if (one is null) return ENOENT;
            SyncobjOps.TimelineSignal(one, a->Points == 0 ? 0 : *(ulong*)a->Points);
            return 0;
        }
        int r = FindAll(a->Handles, a->CountHandles, out var objs);
        if (r != 0) return r;
        SyncobjOps.TimelineSignal(objs, (ulong*)a->Points);
        return 0;
    }

    private int Query(DrmSyncobjTimelineArray* a)
    {
        if ((a->Flags & ~DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED) != 0) return EINVAL;
        if (a->CountHandles == 0) return EINVAL;
        if (a->CountHandles == 1) // the common case, without the array (the same checks in the same order)
        {
            if (a->Handles == 0) return -(int)Errno.EFAULT;
            var one = FindSyncobj(*(uint*)a->Handles);
            if (one is null) return ENOENT;
            if (a->Points == 0) return -(int)Errno.EFAULT;
            *(ulong*)a->Points = one.Query((a->Flags & DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED) != 0);
            return 0;
        }
        int r = FindAll(a->Handles, a->CountHandles, out var objs);
        if (r != 0) return r;
        return SyncobjOps.Query(objs, (ulong*)a->Points, (a->Flags & DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED) != 0);
    }

    private int Transfer(DrmSyncobjTransfer* t)
    {
        if (t->Pad != 0) return EINVAL;
        var dst = FindSyncobj(t->DstHandle);
        if (dst is null) return ENOENT;
        var src = FindSyncobj(t->SrcHandle);
        if (src is null) return ENOENT;
        return SyncobjOps.Transfer(src, t->SrcPoint, dst, t->DstPoint, t->Flags);
    }

    /// <summary>An empty wait: EINVAL on 6.1; 6.12 returns 0 before any lookup.</summary>
    private int ZeroCountWait => Device.Since612 ? 0 : EINVAL;

    private int Wait(DrmSyncobjWait* w)
    {
        uint allowed = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT
            | (Device.HasWaitDeadline ? DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE : 0);
        if ((w->Flags & ~allowed) != 0) return EINVAL;
        if (w->CountHandles == 0) return ZeroCountWait;
        int r = FindAll(w->Handles, w->CountHandles, out var objs);
        if (r != 0) return r;
        r = SyncobjOps.ArrayWait(objs, null, w->Flags, w->TimeoutNsec, out uint first);
        if (r == 0) w->FirstSignaled = first;
        return r;
    }

    private int TimelineWait(DrmSyncobjTimelineWait* w)
    {
        uint allowed = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE
            | (Device.HasWaitDeadline ? DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE : 0);
        if ((w->Flags & ~allowed) != 0) return EINVAL;
        if (w->CountHandles == 0) return ZeroCountWait;
        int r = FindAll(w->Handles, w->CountHandles, out var objs);
        if (r != 0) return r;
        r = SyncobjOps.ArrayWait(objs, (ulong*)w->Points, w->Flags, w->TimeoutNsec, out uint first);
        if (r == 0) w->FirstSignaled = first;
        return r;
    }

    private int Eventfd(DrmSyncobjEventfd* e)
    {
        if ((e->Flags & ~DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE) != 0) return EINVAL;
        if (e->Pad != 0) return EINVAL;
        var s = FindSyncobj(e->Handle);
        if (s is null) return ENOENT;
        return SyncobjOps.RegisterEventfd(Backend, s, e->Fd, e->Point, (e->Flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE) != 0);
    }

    private void ReleaseSyncobjs()
    {
        _syncobjs.TakeAll();
    }
}
