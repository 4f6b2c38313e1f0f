using System.Runtime.InteropServices;
using Uapi.Backends.Loopback.Drm;
using Uapi.Backends.Loopback.Sync;
using static Tmds.Linux.LibC;
using static Uapi.Raw.Interop.DmaBuf;
using Uapi.Host;

namespace Uapi.Backends.Loopback.DmaBuf;

/// <summary>
/// One dma-buf (struct dma_buf, drivers/dma-buf/dma-buf.c), whoever exported it: a GEM object, a heap, udmabuf.
/// Its memory is real: one memfd (a heap's pages, a GEM object's), or for udmabuf regions of the caller's memfds,
/// which it holds as the kernel holds their pages. Every fd of it (<see cref="DmaBufFileModel"/>) is a dup of
/// <see cref="Memfd"/> when there is one, so mmap, lseek and fstat see one file. Freed when the last fd and the
/// last importer let go, as the kernel's dma_buf_release runs on the last fput.
/// </summary>
internal sealed unsafe class DmaBufModel
{
    /// <summary>Every loopback buffer memfd is named with this prefix, so a process that receives one can tell it apart.</summary>
    public const string MemfdNamePrefix = "loopback-dma-buf";

    /// <summary>What /proc/self/fd shows for such a memfd: "/memfd:" and the name.</summary>
    public static ReadOnlySpan<byte> MemfdLinkPrefix => "/memfd:loopback-dma-buf"u8;

    private KRef _refs = new(1);
    private ReservationModel? _resv;
    private string? _name;

    private DmaBufModel(string exporter, ulong size, int memfd, Segment[]? segments, GemObjectModel? gem)
    {
        ExporterName = exporter;
        Size = size;
        Memfd = memfd;
        Segments = segments;
        Gem = gem;
    }

    /// <summary>One region of a udmabuf: a held dup of the caller's memfd, and where in it.</summary>
    internal readonly record struct Segment(int Fd, long Offset, long Length);

    /// <summary>exp_name: the heap's name, "udmabuf", or the DRM driver's name.</summary>
    public string ExporterName { get; }

    public ulong Size { get; }

    /// <summary>The memfd holding the pages, or -1 when they live in <see cref="Segments"/>.</summary>
    public int Memfd { get; private set; }

    /// <summary>udmabuf: the regions of the caller's memfds, in order; null when the pages are <see cref="Memfd"/>.</summary>
    public Segment[]? Segments { get; }

    /// <summary>The GEM object this dma-buf exports; null for heap buffers and udmabuf.</summary>
    public GemObjectModel? Gem { get; }

    /// <summary>The buffer's fences: a GEM object's own reservation, which its export shares, or the dma-buf's.</summary>
    public ReservationModel Resv
    {
        get
        {
            if (Gem is not null) return Gem.Resv;
            lock (FenceWorld.Lock) return _resv ??= new ReservationModel();
        }
    }

    /// <summary>DMA_BUF_SET_NAME's name (what /proc/PID/fdinfo shows), null until set.</summary>
    public string? Name { get => Volatile.Read(ref _name); set => Volatile.Write(ref _name, value); }

    /// <summary>A new buffer of zeroed pages in its own memfd (a heap allocation). Returns null with the errno on failure.</summary>
    public static DmaBufModel? Allocate(string exporter, ulong size, out Errno errno)
    {
        Span<byte> name = stackalloc byte[64];
        int n = System.Text.Encoding.ASCII.GetBytes(MemfdNamePrefix + ":" + exporter, name[..62]);
        name[n] = 0;
        int fd = HostOs.MemfdCreate(name[..(n + 1)], (long)size, allowSealing: false, out _);
        errno = fd < 0 ? (Errno)(-fd) : Errno.None;
        if (fd < 0) return null;
        return new DmaBufModel(exporter, size, fd, null, null);
    }

    /// <summary>udmabuf: a buffer made of regions of the caller's memfds; takes ownership of the segment fds.</summary>
    public static DmaBufModel FromSegments(Segment[] segments, ulong size) => new("udmabuf", size, -1, segments, null);

    /// <summary>
    /// drm_gem_prime_export(), or the dma-buf the object already has: the returned model carries one reference for the caller.
    /// The export holds a reference on the object until the dma-buf is freed.
    /// </summary>
    public static DmaBufModel ExportGem(GemObjectModel obj)
    {
        lock (obj)
        {
            if (obj.ExportedBuffer is { } existing && existing.TryAddRef()) return existing;
            obj.AddRef();
            var buffer = new DmaBufModel(obj.Device.DriverName, obj.Size, obj.Memfd, null, obj);
            obj.ExportedBuffer = buffer;
            return buffer;
        }
    }

    /// <summary>
    /// A buffer another process's loopback exported and passed here as its memfd (SCM_RIGHTS): the memory is the same
    /// pages, but its fences, name and exporter stayed with that process. Takes ownership of <paramref name="memfd"/>.
    /// </summary>
    public static DmaBufModel Received(int memfd, ulong size) => new("received", size, memfd, null, null);

    public void AddRef() => _refs.Get();

    public bool TryAddRef() => _refs.GetUnlessZero();

    /// <summary>Runs once when the buffer is freed (a heap returns the pages to its pool).</summary>
    public Action? OnFree { get; set; }

    public void Release()
    {
        if (!_refs.Put()) return;
        OnFree?.Invoke();
        if (Gem is { } gem)
        {
            lock (gem) if (ReferenceEquals(gem.ExportedBuffer, this)) gem.ExportedBuffer = null;
            gem.Release(); // the GEM object owns the memfd
            return;
        }
        lock (FenceWorld.Lock)
        {
            _resv?.Clear();
            _resv = null;
        }
        if (Memfd >= 0) close(Memfd);
        Memfd = -1;
        if (Segments is not null)
            foreach (var s in Segments) close(s.Fd);
    }

    /// <summary>
    /// mmap of the buffer (dma_buf_mmap_internal: the range must lie inside the buffer, else EINVAL). Pages in one memfd map
    /// directly; udmabuf regions map one after another into a range reserved first, so the caller sees one buffer.
    /// </summary>
    public void* Map(long offset, nuint length, int prot, out Errno errno)
    {
        ulong page = HostOs.PageSize;
        ulong pages = HostOs.PageAlign((ulong)length) / page;
        if (offset < 0 || (ulong)offset / page + pages > Size / page) { errno = Errno.EINVAL; return null; }
        if (Segments is null) return HostOs.MapShared(Memfd, offset, length, prot, out errno);
        long mapped = (long)(pages * page);
        byte* range = (byte*)mmap(null, (Tmds.Linux.size_t)(ulong)mapped, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (range == (byte*)-1) { errno = (Errno)Marshal.GetLastPInvokeError(); return null; }
        long at = 0, skip = offset;
        foreach (var s in Segments)
        {
            if (at >= mapped) break;
            if (skip >= s.Length) { skip -= s.Length; continue; }
            long n = Math.Min(s.Length - skip, mapped - at);
            void* r = mmap(range + at, (Tmds.Linux.size_t)(ulong)n, prot, MAP_SHARED | MAP_FIXED, s.Fd, s.Offset + skip);
            if (r == (void*)-1)
            {
                errno = (Errno)Marshal.GetLastPInvokeError();
                munmap(range, (Tmds.Linux.size_t)(ulong)mapped);
                return null;
            }
            at += n;
            skip = 0;
        }
        errno = Errno.None;
        return range;
    }
}

/// <summary>
/// An open dma-buf file: the ioctls of drivers/dma-buf/dma-buf.c (SYNC, SET_NAME, EXPORT/IMPORT_SYNC_FILE), its llseek
/// and its poll, all against the shared <see cref="DmaBufModel"/>.
/// </summary>
internal sealed unsafe class DmaBufFileModel : LoopbackFile
{
    private readonly LoopbackBackend _backend;
    private readonly bool _cloexec;
    private readonly int _accessMode;

    /// <summary>Takes a new reference on <paramref name="buffer"/>, dropped when the last fd of this file closes.</summary>
    public DmaBufFileModel(LoopbackBackend backend, DmaBufModel buffer, bool cloexec = true, int accessMode = HostOs.O_RDWR)
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
        var fence = Buffer.Resv.Singleton(usage) ?? SimpleFence.SharedStub();
        int fd = _backend.Register(new SyncFileModel(_backend, fence));
        if (fd < 0) return fd;
        e->Fd = fd;
        return 0;
    }

    /// <summary>dma_buf_import_sync_file(): each fence of the sync_file joins the reservation as a reader or a writer.</summary>
    private int ImportSyncFile(DmaBufImportSyncFile* i)
    {
        if ((i->Flags & ~DMA_BUF_SYNC_RW) != 0 || (i->Flags & DMA_BUF_SYNC_RW) == 0) return -(int)Errno.EINVAL;
        // sync_file_get_fence(): an fd that is not a sync_file, closed or not, is simply no fence.
        if (_backend.Lookup(i->Fd) is not SyncFileModel file) return -(int)Errno.EINVAL;
        var usage = (i->Flags & DMA_BUF_SYNC_WRITE) != 0 ? ResvUsage.Write : ResvUsage.Read;
        FenceBase[] leaves;
        lock (FenceWorld.Lock) leaves = file.Fence.Unwrap().ToArray();
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
        lock (FenceWorld.Lock)
        {
            while (true)
            {
                int revents = 0;
                if ((events & POLLIN) != 0 && Buffer.Resv.TestSignaled(ResvUsage.Write)) revents |= POLLIN;
                if ((events & POLLOUT) != 0 && Buffer.Resv.TestSignaled(ResvUsage.Read)) revents |= POLLOUT;
                if (revents != 0) return revents;
                long left = deadline - Environment.TickCount64;
                if (left <= 0) return 0;
                Monitor.Wait(FenceWorld.Lock, (int)Math.Min(left, 100));
            }
        }
    }

    private void WaitIdle(ResvUsage usage, int timeoutMs)
    {
        lock (FenceWorld.Lock)
            while (!Buffer.Resv.TestSignaled(usage)) Monitor.Wait(FenceWorld.Lock, timeoutMs < 0 ? 100 : timeoutMs);
    }

    /// <summary>dma_buf_mmap_internal(), which knows about udmabuf's regions.</summary>
    internal override void* Map(long offset, nuint length, int prot, out Errno errno) => Buffer.Map(offset, length, prot, out errno);

    protected override void OnLastClose() => Buffer.Release();
}
