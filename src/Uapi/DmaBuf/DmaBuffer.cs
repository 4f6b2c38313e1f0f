using System.Runtime.InteropServices;
using Uapi.Backends;
using Uapi.Drm;
using Uapi.Handles;
using Uapi.Memory;
using Uapi.Raw;
using Uapi.Sync;
using static Uapi.Raw.Interop.DmaBuf;

namespace Uapi.DmaBuf;

/// <summary>
/// A dma-buf: from a heap (<see cref="DmaHeap.Allocate(long, DmaBufFdAccess)"/>), udmabuf (<see cref="UdmabufDevice"/>), a PRIME export
/// (<see cref="FromGem"/>) or any fd received from elsewhere (<see cref="FromFd"/>). Owns its fd. Size is lseek(SEEK_END);
/// CPU access to a mapping goes inside <see cref="BeginCpuAccess"/> scopes (DMA_BUF_IOCTL_SYNC START ... END).
/// </summary>
public sealed class DmaBuffer : IDisposable
{
    /// <summary>Takes ownership of <paramref name="fd"/>, a dma-buf the caller made (fds from elsewhere go through <see cref="Checked"/>).</summary>
    internal DmaBuffer(UapiFd fd)
    {
        Fd = fd;
        long size = fd.Backend.Seek(fd, 0, 2 /* SEEK_END */);
        if (size < 0)
        {
            var errno = (Errno)(-size);
            fd.Dispose();
            throw new UapiException(errno, "lseek(SEEK_END)", fd.Path, "not a dma-buf?");
        }
        Size = size;
    }

    public UapiFd Fd { get; }
    public Backend Backend => Fd.Backend;

    /// <summary>Bytes, as the exporter rounded them (whole pages).</summary>
    public long Size { get; }

    /// <summary>
    /// A dma-buf from an fd someone else owns (a socket's SCM_RIGHTS, a Wayland request): duplicated (F_DUPFD_CLOEXEC) into
    /// <paramref name="backend"/>, so the caller keeps and closes its own fd. Anything that is not a dma-buf (a pipe, an
    /// eventfd, a memfd, /dev/null) is refused with EINVAL, as the kernel's dma_buf_get() refuses it, and nothing is kept.
    /// </summary>
    public static DmaBuffer FromFd(SafeHandle fd, Backend? backend = null)
    {
        ArgumentNullException.ThrowIfNull(fd);
        return Checked((backend ?? Backend.Default).DuplicateHandle(fd, "dma-buf"), "DmaBuffer.FromFd");
    }

    /// <summary>
    /// A dma-buf fd whose ownership passes to the new object (e.g. one <see cref="UnixFdPassing.Receive"/> gave you).
    /// Anything that is not a dma-buf is refused with EINVAL, and the fd is closed.
    /// </summary>
    public static DmaBuffer Own(UapiFd fd) => Checked(fd ?? throw new ArgumentNullException(nameof(fd)), "DmaBuffer.Own");

    /// <summary>The fd must be a dma-buf (fdinfo names its exporter); else it is closed and EINVAL raised.</summary>
    private static DmaBuffer Checked(UapiFd fd, string operation)
    {
        if (fd.Backend.DmaBufExporter(fd) is null)
        {
            string path = fd.Path;
            fd.Dispose();
            throw new UapiException(Errno.EINVAL, operation, path, "not a dma-buf (no exp_name in its fdinfo)");
        }
        return new(fd);
    }

    /// <summary>PRIME export of a GEM buffer (DRM_CLOEXEC | DRM_RDWR).</summary>
    public static DmaBuffer FromGem(GemBuffer buffer) => new((buffer ?? throw new ArgumentNullException(nameof(buffer))).ExportDmaBuf());

    /// <summary>PRIME import into a DRM device: a GEM handle owned by the returned buffer (the same handle if the file already has it).</summary>
    public GemBuffer ImportInto(DrmDevice device) => (device ?? throw new ArgumentNullException(nameof(device))).ImportPrime(Fd);

    /// <summary>mmap of the whole buffer (MAP_SHARED): every mapper sees the same pages.</summary>
    public MappedMemory Map(MapAccess access = MapAccess.ReadWrite) => Backend.Map(Fd, 0, Size, access);

    /// <summary>mmap of part of the buffer; offset must be page-aligned, and the range inside the buffer (else EINVAL).</summary>
    public MappedMemory Map(long offset, long length, MapAccess access = MapAccess.ReadWrite) => Backend.Map(Fd, offset, length, access);

    /// <summary>
    /// DMA_BUF_IOCTL_SYNC START for <paramref name="access"/>: waits for the device work the access conflicts with, and
    /// returns the scope whose Dispose issues END (use with <c>using</c>, so END runs even when the body throws).
    /// </summary>
    public DmaBufCpuAccess BeginCpuAccess(DmaBufAccess access)
    {
        CheckAccess(access);
        Sync(DMA_BUF_SYNC_START | (uint)access);
        return new DmaBufCpuAccess(this, access);
    }

    /// <summary>DMA_BUF_IOCTL_SYNC with raw flags, returning the errno (EINVAL for flags the kernel refuses); for tests and tools.</summary>
    public Errno TrySync(ulong flags)
    {
        int r = Interop.DmaBuf.Sync(Fd, flags);
        return r < 0 ? (Errno)(-r) : Errno.None;
    }

    internal void Sync(uint flags)
    {
        UapiException.Check(Interop.DmaBuf.Sync(Fd, flags), Fd, nameof(DMA_BUF_IOCTL_SYNC));
    }

    /// <summary>
    /// The exporter's name as /proc/self/fdinfo shows it ("exp_name:"): the heap's name, "udmabuf", or for a PRIME export
    /// whatever the driver's export gave (drm_gem_prime_export says "drm"). Read each time; empty if unreadable.
    /// </summary>
    public string ExporterName => Backend.DmaBufExporter(Fd) ?? "";

    /// <summary>
    /// DMA_BUF_SET_NAME: what /proc/PID/fdinfo and debugfs show for the buffer. At most 31 bytes of UTF-8 (the kernel's
    /// 32 include the NUL; longer is EINVAL there, an ArgumentException here).
    /// </summary>
    public void SetName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int n = System.Text.Encoding.UTF8.GetByteCount(name);
        if (n >= DMA_BUF_NAME_LEN) throw new ArgumentException($"a dma-buf name is at most {DMA_BUF_NAME_LEN - 1} bytes of UTF-8; '{name}' is {n}", nameof(name));
        Span<byte> buf = stackalloc byte[DMA_BUF_NAME_LEN];
        System.Text.Encoding.UTF8.GetBytes(name, buf);
        UapiException.Check(Interop.DmaBuf.SetName(Fd, buf[..n]), Fd, "DMA_BUF_SET_NAME");
    }

    /// <summary>DMA_BUF_IOCTL_EXPORT_SYNC_FILE: the fences <paramref name="access"/> would wait for, as a sync_file (6.0+).</summary>
    public SyncFile ExportSyncFile(DmaBufAccess access) => DmaBufSyncFile.Export(Fd, access);

    /// <summary>DMA_BUF_IOCTL_IMPORT_SYNC_FILE: adds a sync_file's fences to the buffer as readers or writers (6.0+).</summary>
    public void ImportSyncFile(SyncFile file, DmaBufAccess access) => DmaBufSyncFile.Import(Fd, file, access);

    /// <summary>
    /// poll(2) on the buffer: true when an access of that kind would not wait for implicit fences now (POLLIN for
    /// <see cref="DmaBufAccess.Read"/>: no writer pending; POLLOUT for writes: nothing pending).
    /// </summary>
    public bool IsReady(DmaBufAccess access) => WaitReady(access, TimeSpan.Zero);

    /// <summary>Waits up to <paramref name="timeout"/> (Timeout.InfiniteTimeSpan: forever) for <see cref="IsReady"/>; false on timeout.</summary>
    public bool WaitReady(DmaBufAccess access, TimeSpan timeout)
    {
        CheckAccess(access);
        const short POLLIN = 1, POLLOUT = 4;
        short events = (access & DmaBufAccess.Write) != 0 ? POLLOUT : POLLIN;
        int ms = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));
        int r = Backend.Poll(Fd, events, ms);
        if (r < 0) throw new UapiException((Errno)(-r), "poll", Fd.Path);
        return (r & events) != 0;
    }

    /// <summary>A second owner of the same dma-buf (F_DUPFD_CLOEXEC).</summary>
    public DmaBuffer Duplicate() => new(Fd.Duplicate());

    private static void CheckAccess(DmaBufAccess access)
    {
        if (access is not (DmaBufAccess.Read or DmaBufAccess.Write or DmaBufAccess.ReadWrite))
            throw new ArgumentOutOfRangeException(nameof(access), access, "Read, Write or ReadWrite");
    }

    public void Dispose() => Fd.Dispose();
}
