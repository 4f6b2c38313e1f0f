namespace Uapi.Backends.Loopback.DmaBuf;

/// <summary>
/// A dma-heap (drivers/dma-buf/dma-heap.c and heaps/): /dev/dma_heap/NAME, whose one ioctl allocates a dma-buf of
/// zeroed, memfd-backed pages. <paramref name="capacity"/> models a CMA area (the test kernel's "reserved" heap is
/// cma=64M); the system heap takes what the machine has.
/// </summary>
public sealed class DmaHeapNode(string name, uint major, uint minor, ulong? capacity = null, bool chargePidFd = false)
    : LoopbackNode("/dev/dma_heap/" + name, DeviceNodeKind.DmaHeap, major, minor)
{
    private long _used;

    public string Name { get; } = name;

    /// <summary>The heap knows the 2026 RFC's charge_pid_fd (FACTS §8.2): a 32-byte ALLOC charges a pidfd's task.</summary>
    public bool ChargePidFd { get; } = chargePidFd;

    /// <summary>The last task an allocation was charged to through charge_pid_fd (its pid), for tests; 0 if none.</summary>
    public int LastChargedPid { get; internal set; }

    internal ulong? Capacity { get; } = capacity;

    internal override LoopbackFile? Open(LoopbackBackend backend, int flags, out Errno errno)
    {
        errno = Errno.None;
        return new DmaHeapFile(backend, this);
    }

    internal bool Reserve(ulong len)
    {
        if (Capacity is not { } cap) return true;
        long after = Interlocked.Add(ref _used, (long)len);
        if ((ulong)after <= cap) return true;
        Interlocked.Add(ref _used, -(long)len);
        return false;
    }

    internal void Unreserve(ulong len)
    {
        if (Capacity is not null) Interlocked.Add(ref _used, -(long)len);
    }
}
