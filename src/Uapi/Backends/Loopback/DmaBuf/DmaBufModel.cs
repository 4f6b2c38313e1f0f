using System.Runtime.InteropServices;
using Uapi.Backends.Loopback.Drm;
using Uapi.Backends.Loopback.Sync;
using static Tmds.Linux.LibC;
using Uapi.Host;

namespace Uapi.Backends.Loopback.DmaBuf;

/// <summary>
/// One dma-buf (struct dma_buf, drivers/dma-buf/dma-buf.c), whoever exported it: a GEM object, a heap, udmabuf.
/// Its memory is real: one memfd (a heap's pages, a GEM object's), or for udmabuf regions of the caller's memfds,
/// which it holds as the kernel holds their pages. Every fd of it (<see cref="DmaBufFile"/>) is a dup of
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
            lock (FenceOps.Lock) return _resv ??= new ReservationModel();
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
            var buffer = new DmaBufModel(obj.Device.PrimeExporterName, obj.Size, obj.Memfd, null, obj);
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
        lock (FenceOps.Lock)
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
