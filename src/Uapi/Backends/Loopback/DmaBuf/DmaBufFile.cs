using System.Runtime.InteropServices;
using Uapi.Backends.Loopback.Sync;
using static Tmds.Linux.LibC;
using static Uapi.Raw.Interop.DmaBuf;
using Uapi.Host;

namespace Uapi.Backends.Loopback.DmaBuf;

/// <summary>
/// An open dma-buf file: the ioctls of drivers/dma-buf/dma-buf.c (SYNC, SET_NAME, EXPORT/IMPORT_SYNC_FILE), its llseek
/// and its poll, all against the shared <see cref="DmaBufModel"/>.
/// </summary>
internal sealed unsafe class DmaBufFile : LoopbackFile
{
    private readonly LoopbackBackend _backend;
    private readonly bool _cloexec;
    private readonly int _accessMode;

    /// <summary>Takes a new reference on <paramref name="buffer"/>, dropped when the last fd of this file closes.</summary>
    public DmaBufFile(LoopbackBackend backend, DmaBufModel buffer, bool cloexec = true, int accessMode = HostOs.O_RDWR)
    {
        _backend = backend;
        _cloexec = cloexec;
        _accessMode = accessMode;
        Buffer = buffer;
        buffer.AddRef();
    }

    public DmaBufModel Buffer { get; }

    public override string Description => "dma-buf";

    /// <summary>
    /// The real fd: a dup of the buffer's memfd (so another process it is passed to maps the same pages), reopened through
    /// /proc/self/fd with the requested access mode when that is not O_RDWR; udmabuf, whose pages are in several files,
    /// stands on an eventfd instead.
    /// </summary>
    internal override int CreateFd()
    {
        int fd;
        if (Buffer.Segments is not null) return base.CreateFd();
        if (_accessMode == HostOs.O_RDWR)
        {
            fd = Handles.FdOps.DupCloexec(Buffer.Memfd);
            if (fd < 0) return -Marshal.GetLastPInvokeError();
        }
        else
        {
            fd = HostOs.ReopenFd(Buffer.Memfd, _accessMode);
            if (fd < 0) return fd;
        }
        if (!_cloexec) fcntl(fd, F_SETFD, 0);
        return fd;
    }

    internal override int Ioctl(uint request, void* arg) => request switch
    {
        DMA_BUF_IOCTL_SYNC => Sync((DmaBufSync*)arg),
        DMA_BUF_SET_NAME_A or DMA_BUF_SET_NAME_B => SetName((byte*)arg),
        DMA_BUF_IOCTL_EXPORT_SYNC_FILE => ExportSyncFile((DmaBufExportSyncFile*)arg),
        DMA_BUF_IOCTL_IMPORT_SYNC_FILE => ImportSyncFile((DmaBufImportSyncFile*)arg),
        _ => -(int)Errno.ENOTTY,
    };

    /// <summary>
    /// DMA_BUF_IOCTL_SYNC: flags within READ|WRITE|END and at least one of READ/WRITE, else EINVAL (measured on 6.1: 0, 4,
    /// 8 and any higher bit are EINVAL). No START/END pairing is kept. START waits for the fences the access conflicts
    /// with (__dma_buf_begin_cpu_access); END does nothing more: the memory is coherent.
    /// </summary>
    private int Sync(DmaBufSync* s)
    {
        if (s == null) return -(int)Errno.EFAULT;
        ulong flags = s->Flags;
        if ((flags & ~(ulong)DMA_BUF_SYNC_VALID_FLAGS_MASK) != 0) return -(int)Errno.EINVAL;
        if ((flags & DMA_BUF_SYNC_RW) == 0) return -(int)Errno.EINVAL;
        if ((flags & DMA_BUF_SYNC_END) == 0)
            WaitIdle(ReservationModel.UsageRw((flags & DMA_BUF_SYNC_WRITE) != 0), Timeout.Infinite);
        return 0;
    }

    /// <summary>dma_buf_set_name(): strndup_user(arg, 32): NULL is EFAULT, no NUL within 32 bytes is EINVAL.</summary>
    private int SetName(byte* name)
    {
        if (name == null) return -(int)Errno.EFAULT;
        int n = 0;
        while (n < DMA_BUF_NAME_LEN && name[n] != 0) n++;
        if (n == DMA_BUF_NAME_LEN) return -(int)Errno.EINVAL;
        Buffer.Name = System.Text.Encoding.UTF8.GetString(name, n);
        return 0;
    }

    /// <summary>dma_buf_export_sync_file(): a sync_file of what an access of that kind waits for, or the shared stub.</summary>
    private int ExportSyncFile(DmaBufExportSyncFile* e)
    {
        if ((e->Flags & ~DMA_BUF_SYNC_RW) != 0 || (e->Flags & DMA_BUF_SYNC_RW) == 0) return -(int)Errno.EINVAL;
        var usage = ReservationModel.UsageRw((e->Flags & DMA_BUF_SYNC_WRITE) != 0);
        var fence = Buffer.Resv.Singleton(usage) ?? SimpleFenceModel.SharedStub();
        int fd = _backend.Register(new SyncFile(_backend, fence));
        if (fd < 0) return fd;
        e->Fd = fd;
        return 0;
    }

    /// <summary>dma_buf_import_sync_file(): each fence of the sync_file joins the reservation as a reader or a writer.</summary>
    private int ImportSyncFile(DmaBufImportSyncFile* i)
    {
        if ((i->Flags & ~DMA_BUF_SYNC_RW) != 0 || (i->Flags & DMA_BUF_SYNC_RW) == 0) return -(int)Errno.EINVAL;
        // sync_file_get_fence(): an fd that is not a sync_file, closed or not, is simply no fence.
        if (_backend.Lookup(i->Fd) is not SyncFile file) return -(int)Errno.EINVAL;
        var usage = (i->Flags & DMA_BUF_SYNC_WRITE) != 0 ? ResvUsage.Write : ResvUsage.Read;
        FenceModel[] leaves;
        lock (FenceOps.Lock) leaves = file.Fence.Unwrap().ToArray();
        var resv = Buffer.Resv;
        foreach (var leaf in leaves) resv.Add(leaf, usage);
        return 0;
    }

    /// <summary>dma_buf_llseek(): SEEK_END gives the size and SEEK_SET 0, each only with offset 0; anything else is EINVAL.</summary>
    internal override long? Seek(long offset, int whence)
    {
        if (whence != HostOs.SEEK_END && whence != HostOs.SEEK_SET) return -(int)Errno.EINVAL;
        if (offset != 0) return -(int)Errno.EINVAL;
        return whence == HostOs.SEEK_END ? (long)Buffer.Size : 0;
    }

    /// <summary>
    /// dma_buf_poll(): POLLIN once no writer is pending (a reader may go), POLLOUT once nothing is pending (a writer may go).
    /// </summary>
    internal override int? Poll(short events, int timeoutMs)
    {
        const short POLLIN = 1, POLLOUT = 4;
        long deadline = timeoutMs < 0 ? long.MaxValue : Environment.TickCount64 + timeoutMs;
        lock (FenceOps.Lock)
        {
            while (true)
            {
                int revents = 0;
                if ((events & POLLIN) != 0 && Buffer.Resv.TestSignaled(ResvUsage.Write)) revents |= POLLIN;
                if ((events & POLLOUT) != 0 && Buffer.Resv.TestSignaled(ResvUsage.Read)) revents |= POLLOUT;
                if (revents != 0) return revents;
                long left = deadline - Environment.TickCount64;
                if (left <= 0) return 0;
                Monitor.Wait(FenceOps.Lock, (int)Math.Min(left, 100));
            }
        }
    }

    private void WaitIdle(ResvUsage usage, int timeoutMs)
    {
        lock (FenceOps.Lock)
            while (!Buffer.Resv.TestSignaled(usage)) Monitor.Wait(FenceOps.Lock, timeoutMs < 0 ? 100 : timeoutMs);
    }

    /// <summary>dma_buf_mmap_internal(), which knows about udmabuf's regions.</summary>
    internal override void* Map(long offset, nuint length, int prot, out Errno errno) => Buffer.Map(offset, length, prot, out errno);

    protected override void OnLastClose() => Buffer.Release();
}
