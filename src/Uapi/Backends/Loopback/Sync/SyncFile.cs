using System.Runtime.InteropServices;
using System.Text;
using static Tmds.Linux.LibC;
using static Uapi.Raw.Interop.SyncFile;

namespace Uapi.Backends.Loopback.Sync;

/// <summary>
/// A sync_file: one fence behind a real eventfd that becomes readable when the fence signals, so poll/epoll on
/// it behave as on the kernel's sync_file.
/// </summary>
internal sealed unsafe class SyncFile(LoopbackBackend backend, FenceModel fence, string? name = null) : LoopbackFile
{
    public FenceModel Fence { get; } = fence;
    private int _fd = -1;
    private long _deadlineNs;

    public override string Description => "sync_file";

    internal override int CreateFd()
    {
        int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (fd < 0) return -Marshal.GetLastPInvokeError();
        // A private dup for signalling: the caller's fd number may be closed and reused before the fence signals.
        _fd = Handles.FdOps.DupCloexec(fd);
        if (_fd < 0) { int e = Marshal.GetLastPInvokeError(); close(fd); return -e; }
        if (!Fence.AddCallback(MarkReadable)) MarkReadable();
        return fd;
    }

    /// <summary>Runs under FenceOps.Lock, as does the close in OnLastClose.</summary>
    private void MarkReadable()
    {
        ulong one = 1;
        if (_fd >= 0) write(_fd, &one, 8);
    }

    internal override int Ioctl(uint request, void* arg) => request switch
    {
        SYNC_IOC_MERGE => Merge((SyncMergeData*)arg),
        SYNC_IOC_FILE_INFO => FileInfo((SyncFileInfo*)arg),
        SYNC_IOC_SET_DEADLINE when backend.HasSyncFileDeadline => SetDeadline((SyncSetDeadline*)arg),
        _ => -(int)Errno.ENOTTY,
    };

    private int Merge(SyncMergeData* d)
    {
        if (d->Flags != 0 || d->Pad != 0) return -(int)Errno.EINVAL;
        if (backend.Lookup(d->Fd2) is not SyncFile other) return -(int)Errno.ENOENT;
        d->Name[31] = 0;
        var merged = FenceOps.UnwrapMerge(Fence, other.Fence);
        int fd = backend.Register(new SyncFile(backend, merged, Encoding.ASCII.GetString(d->Name, 32).TrimEnd('\0')));
        if (fd < 0) return fd;
        d->Fence = fd;
        return 0;
    }

    private int FileInfo(SyncFileInfo* info)
    {
        if (info->Flags != 0 || info->Pad != 0) return -(int)Errno.EINVAL;
        FenceModel[] leaves;
        lock (FenceOps.Lock) leaves = Fence.Unwrap().ToArray();
        if (info->NumFences == 0)
        {
            info->Status = Fence.Status;
        }
        else
        {
            if (info->NumFences < (uint)leaves.Length) return -(int)Errno.EINVAL;
            if (info->SyncFenceInfo == 0) return -(int)Errno.EFAULT;
            info->Status = 1;
            var outInfo = (SyncFenceInfo*)info->SyncFenceInfo;
            for (int i = 0; i < leaves.Length; i++)
            {
                var f = leaves[i];
                var fi = new SyncFenceInfo { Status = f.Status, TimestampNs = f.IsSignaled ? (ulong)f.TimestampNs : 0 };
                Copy(f.TimelineName, fi.ObjName);
                Copy(f.DriverName, fi.DriverName);
                outInfo[i] = fi;
                info->Status = info->Status <= 0 ? info->Status : fi.Status;
            }
        }
        // sync_file_get_name(): the merge name, else "<driver>-<timeline><context>-<seqno>" of the file's fence.
        var n = name ?? $"{Fence.DriverName}-{Fence.TimelineName}{Fence.Context}-{(long)Fence.Seqno}";
        for (int i = 0; i < 32; i++) info->Name[i] = 0;
        Copy(n, info->Name);
        info->NumFences = (uint)leaves.Length;
        return 0;
    }

    private int SetDeadline(SyncSetDeadline* d)
    {
        if (d->Pad != 0) return -(int)Errno.EINVAL;
        Interlocked.Exchange(ref _deadlineNs, (long)d->DeadlineNs);
        return 0;
    }

    private static void Copy(string s, byte* dest)
    {
        int n = Math.Min(s.Length, 31);
        for (int i = 0; i < n; i++) dest[i] = (byte)s[i];
        dest[n] = 0;
    }

    protected override void OnLastClose()
    {
        lock (FenceOps.Lock)
        {
            if (_fd >= 0) close(_fd);
            _fd = -1;
        }
    }
}
