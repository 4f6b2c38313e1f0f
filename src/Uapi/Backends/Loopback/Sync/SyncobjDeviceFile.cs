using static Uapi.Raw.Interop.Syncobj;

namespace Uapi.Backends.Loopback.Sync;

/// <summary>An open /dev/syncobj. It holds no state: every syncobj lives in its own fd.</summary>
internal sealed unsafe class SyncobjDeviceFile(LoopbackBackend backend, SyncobjDeviceNode node) : LoopbackFile
{
    private const int EINVAL = -(int)Errno.EINVAL, EBADF = -(int)Errno.EBADF;

    public override string Description => node.Path;

    internal override (uint Major, uint Minor)? DeviceNumber => (node.Major, node.Minor);

    // syncobj_dev_ioctl(): the whole request number is matched; anything else is ENOIOCTLCMD, which the VFS turns into ENOTTY.
    internal override int Ioctl(uint request, void* arg) => request switch
    {
        SYNCOBJ_IOC_CREATE => Create((SyncobjCreateArgs*)arg),
        SYNCOBJ_IOC_WAIT => Wait((SyncobjWaitArgs*)arg),
        SYNCOBJ_IOC_RESET => Reset((SyncobjArrayArgs*)arg),
        SYNCOBJ_IOC_SIGNAL => Signal((SyncobjArrayArgs*)arg),
        SYNCOBJ_IOC_QUERY => Query((SyncobjArrayArgs*)arg),
        SYNCOBJ_IOC_TRANSFER => Transfer((SyncobjTransferArgs*)arg),
        SYNCOBJ_IOC_EVENTFD => Eventfd((SyncobjEventfdArgs*)arg),
        SYNCOBJ_IOC_EXPORT_SYNC_FILE => ExportSyncFile((SyncobjSyncFileArgs*)arg),
        SYNCOBJ_IOC_IMPORT_SYNC_FILE => ImportSyncFile((SyncobjSyncFileArgs*)arg),
        _ => -(int)Errno.ENOTTY,
    };

    /// <summary>drm_syncobj_from_fd(): the syncobj behind a syncobj fd; null (EBADF) for a closed fd or any other kind of file.</summary>
    private SyncobjModel? FromFd(int fd) => (backend.Lookup(fd) as SyncobjFile)?.Syncobj;

    /// <summary>syncobj_array_find(): every fd must be a syncobj fd, else EBADF.</summary>
    private int FindAll(ulong fds, uint count, out SyncobjModel[] found)
    {
        found = new SyncobjModel[count];
        if (fds == 0) return -(int)Errno.EFAULT;
        var f = (int*)fds;
        for (int i = 0; i < count; i++)
        {
            var s = FromFd(f[i]);
            if (s is null) return EBADF;
            found[i] = s;
        }
        return 0;
    }

    private int Create(SyncobjCreateArgs* a)
    {
        if ((a->Flags & ~SYNCOBJ_CREATE_SIGNALED) != 0) return EINVAL;
        int fd = backend.Register(new SyncobjFile(SyncobjModel.Create((a->Flags & SYNCOBJ_CREATE_SIGNALED) != 0)));
        if (fd < 0) return fd;
        a->Fd = fd;
        return 0;
    }

    private int Wait(SyncobjWaitArgs* w)
    {
        const uint allowed = SYNCOBJ_WAIT_FLAGS_WAIT_ALL | SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT
            | SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE | SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE;
        if ((w->Flags & ~allowed) != 0) return EINVAL;
        if (w->Pad != 0) return EINVAL;
        if (w->Count == 0) return 0;
        int r = FindAll(w->Fds, w->Count, out var objs);
        if (r != 0) return r;
        r = SyncobjOps.ArrayWait(objs, (ulong*)w->Points, w->Flags, w->TimeoutNsec, out uint first);
        if (r == 0) w->FirstSignaled = first;
        return r;
    }

    private int Reset(SyncobjArrayArgs* a)
    {
        if (a->Flags != 0 || a->Points != 0 || a->Count == 0) return EINVAL;
        int r = FindAll(a->Fds, a->Count, out var objs);
        if (r != 0) return r;
        foreach (var s in objs) s.Replace(null);
        return 0;
    }

    private int Signal(SyncobjArrayArgs* a)
    {
        if (a->Flags != 0 || a->Count == 0) return EINVAL;
        int r = FindAll(a->Fds, a->Count, out var objs);
        if (r != 0) return r;
        SyncobjOps.TimelineSignal(objs, (ulong*)a->Points);
        return 0;
    }

    private int Query(SyncobjArrayArgs* a)
    {
        if ((a->Flags & ~SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED) != 0 || a->Count == 0) return EINVAL;
        int r = FindAll(a->Fds, a->Count, out var objs);
        if (r != 0) return r;
        return SyncobjOps.Query(objs, (ulong*)a->Points, (a->Flags & SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED) != 0);
    }

    private int Transfer(SyncobjTransferArgs* t)
    {
        if (t->Pad != 0 || (t->Flags & ~SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT) != 0) return EINVAL;
        var src = FromFd(t->SrcFd);
        if (src is null) return EBADF;
        var dst = FromFd(t->DstFd);
        if (dst is null) return EBADF;
        return SyncobjOps.Transfer(src, t->SrcPoint, dst, t->DstPoint, t->Flags);
    }

    private int Eventfd(SyncobjEventfdArgs* e)
    {
        if ((e->Flags & ~SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE) != 0 || e->Pad != 0) return EINVAL;
        var s = FromFd(e->SyncobjFd);
        if (s is null) return EBADF;
        return SyncobjOps.RegisterEventfd(backend, s, e->Eventfd, e->Point, (e->Flags & SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE) != 0);
    }

    private int ExportSyncFile(SyncobjSyncFileArgs* a)
    {
        var s = FromFd(a->SyncobjFd);
        if (s is null) return EBADF;
        int r = SyncobjOps.ExportSyncFile(backend, s, a->Point, out int fd);
        if (r == 0) a->SyncFileFd = fd;
        return r;
    }

    private int ImportSyncFile(SyncobjSyncFileArgs* a)
    {
        var s = FromFd(a->SyncobjFd);
        if (s is null) return EBADF;
        // sync_file_get_fence(): anything but a sync_file is EINVAL.
        if (backend.Lookup(a->SyncFileFd) is not SyncFile file) return EINVAL;
        SyncobjOps.ImportFence(s, file.Fence, a->Point);
        return 0;
    }
}
