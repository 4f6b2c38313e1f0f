using System.Runtime.InteropServices;
using Uapi.Backends;
using Uapi.Handles;
using Uapi.Memory;
using static Uapi.Raw.Interop.DmaHeap;

namespace Uapi.DmaBuf;

/// <summary>
/// A dma-heap (/dev/dma_heap/NAME: "system", a CMA heap such as "reserved", vendor heaps) and its one ioctl,
/// DMA_HEAP_IOCTL_ALLOC. Arguments are checked before the call: the kernel takes only O_CLOEXEC and an access mode as fd
/// flags and no heap flags at all, and a length larger than the machine's memory is refused here, because 6.1's system
/// heap would start allocating it and the OOM killer would end processes (someone else's, too).
/// </summary>
public sealed class DmaHeap : IDisposable
{
    public const string Directory = "/dev/dma_heap";

    private int _chargeSupport; // 0 unknown, 1 yes, -1 no
    private string _chargeWhy = "";

    private DmaHeap(UapiFd fd, string name)
    {
        Fd = fd;
        Name = name;
    }

    public UapiFd Fd { get; }
    public Backend Backend => Fd.Backend;
    public string Name { get; }
    public string Path => Fd.Path;

    /// <summary>The heaps the backend has, by name ("system", "reserved", ...), sorted.</summary>
    public static IReadOnlyList<string> Enumerate(Backend? backend = null)
    {
        var names = new List<string>();
        foreach (var n in (backend ?? Backend.Default).EnumerateNodes())
            if (n.Kind == DeviceNodeKind.DmaHeap && n.Path.StartsWith(Directory + "/", StringComparison.Ordinal))
                names.Add(n.Path[(Directory.Length + 1)..]);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>Opens /dev/dma_heap/<paramref name="name"/> (read-only is enough: the kernel checks nothing more).</summary>
    public static DmaHeap Open(string name, Backend? backend = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/')) throw new ArgumentException("a heap name, not a path", nameof(name));
        return new DmaHeap((backend ?? Backend.Default).Open(Directory + "/" + name, OpenFlags.ReadOnly), name);
    }

    /// <summary>
    /// A zero-filled dma-buf of at least <paramref name="length"/> bytes (the kernel rounds up to whole pages). Throws
    /// <see cref="ArgumentOutOfRangeException"/> for a length of 0 or more than the machine's memory, and
    /// <see cref="UapiException"/> naming DMA_HEAP_IOCTL_ALLOC, the heap and the errno (ENOMEM when the heap is out of memory).
    /// </summary>
    public DmaBuffer Allocate(long length, DmaBufFdAccess access = DmaBufFdAccess.ReadWrite)
    {
        int r = Alloc(Fd, CheckLength(length), FdFlags(access), 0, out int fd);
        UapiException.Check(r, Fd, nameof(DMA_HEAP_IOCTL_ALLOC));
        return new DmaBuffer(Backend.Adopt(fd, "dma-buf"));
    }

    /// <summary>
    /// Allocates and charges the buffer to the memory cgroup of the process behind <paramref name="pidfd"/> (from
    /// <see cref="Pidfd.Open"/>), through the 2026 RFC's charge_pid_fd (FACTS §8.2). A kernel without the RFC would
    /// ignore the field and charge the caller; the heap is probed first (<see cref="SupportsChargeToPidfd"/>), and
    /// where the field is not understood this throws <see cref="UapiNotSupportedException"/> and allocates nothing.
    /// </summary>
    public DmaBuffer Allocate(long length, SafeHandle pidfd, DmaBufFdAccess access = DmaBufFdAccess.ReadWrite)
    {
        ArgumentNullException.ThrowIfNull(pidfd);
        ulong len = CheckLength(length);
        uint flags = FdFlags(access);
        if (!SupportsChargeToPidfd(out var why)) throw new UapiNotSupportedException("dma-heap charge_pid_fd", Path, why);
        using var lease = new HandleLease(pidfd);
        UapiException.Check(AllocCharge(Fd, len, flags, 0, lease.Fd, out int fd), Fd, "DMA_HEAP_IOCTL_ALLOC (charge_pid_fd)");
        return new DmaBuffer(Backend.Adopt(fd, "dma-buf"));
    }

    /// <summary>
    /// Whether the heap understands charge_pid_fd. dma_heap_ioctl() accepts a larger struct and ignores a tail it does not
    /// know, and copies the tail back unchanged, so the field's presence shows only in what the kernel does with it. The
    /// probe asks for one page charged to an fd that is not a pidfd (the heap's own fd): a kernel that reads the field must
    /// refuse it (EBADF, as pidfd_get_pid answers); one that allocates has ignored the field (6.1 does), and then a real
    /// charge request would silently charge the caller. Any other answer counts as "not supported". Probed once per heap.
    /// </summary>
    public bool SupportsChargeToPidfd(out string why)
    {
        if (_chargeSupport == 0)
        {
            using var lease = Fd.Lease();
            int r = AllocCharge(Fd, (ulong)SystemMemory.PageSize, FdFlags(DmaBufFdAccess.ReadWrite), 0, lease.Fd, out int fd);
            if (r >= 0)
            {
                Backend.Adopt(fd, "dma-buf (probe)").Dispose();
                _chargeWhy = "the kernel allocated with charge_pid_fd set to an fd that is not a pidfd, so it ignores the field (no charge_pid_fd RFC)";
                _chargeSupport = -1;
            }
            else if (r == -(int)Errno.EBADF)
            {
                _chargeWhy = "the kernel refused an fd that is not a pidfd with EBADF: it reads charge_pid_fd";
                _chargeSupport = 1;
            }
            else
            {
                _chargeWhy = $"probe inconclusive: DMA_HEAP_IOCTL_ALLOC with a non-pidfd charge_pid_fd gave {((Errno)(-r)).Name()}";
                _chargeSupport = -1;
            }
        }
        why = _chargeWhy;
        return _chargeSupport > 0;
    }

    private static ulong CheckLength(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ulong mem = SystemMemory.PhysicalBytes;
        if ((ulong)length > mem)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"larger than this machine's memory ({mem} bytes); not sent to the kernel, whose system heap would try and wake the OOM killer");
        return (ulong)length;
    }

    private static uint FdFlags(DmaBufFdAccess access)
    {
        if (access is not (DmaBufFdAccess.ReadOnly or DmaBufFdAccess.WriteOnly or DmaBufFdAccess.ReadWrite))
            throw new ArgumentOutOfRangeException(nameof(access), access, "ReadOnly, WriteOnly or ReadWrite");
        return (uint)access | Host.HostOs.O_CLOEXEC;
    }

    public void Dispose() => Fd.Dispose();
}
