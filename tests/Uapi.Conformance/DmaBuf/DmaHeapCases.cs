using Uapi.Backends;
using Uapi.DmaBuf;
using Uapi.Drm;
using Uapi.Memory;
using static Uapi.Raw.Interop.DmaHeap;

namespace Uapi.Conformance;

/// <summary>dma-heaps (drivers/dma-buf/dma-heap.c, heaps/system_heap.c, heaps/cma_heap.c) as 6.1 answers them.</summary>
public unsafe class DmaHeapCases
{
    internal static DmaHeap OpenHeap(string name)
    {
        Capabilities.Require(name == "system" ? Capabilities.DmaHeapSystem : Capabilities.DmaHeapReserved);
        return DmaHeap.Open(name, Capabilities.Backend);
    }

    // Hand-built, for what the raw call never sends: a nonzero fd going in.
    private static int RawAlloc(DmaHeap heap, ref DmaHeapAllocationData a)
    {
        fixed (DmaHeapAllocationData* p = &a) return heap.Backend.Ioctl(heap.Fd, DMA_HEAP_IOCTL_ALLOC, p);
    }

    [Fact]
    public void Enumerate_ListsTheHeapsByName()
    {
        Capabilities.Require(Capabilities.DmaHeapSystem);
        var names = DmaHeap.Enumerate(Capabilities.Backend);
        Assert.Contains("system", names);
        if (Capabilities.Probe(Capabilities.DmaHeapReserved).Present) Assert.Contains("reserved", names);
    }

    [Theory]
    [InlineData("system")]
    [InlineData("reserved")]
    public void Allocate_RoundsUpToWholePages_SizeIsLseekEnd(string name)
    {
        using var heap = OpenHeap(name);
        using var one = heap.Allocate(1);
        Assert.Equal(SystemMemory.PageSize, one.Size);
        Assert.Equal(name, one.ExporterName); // exp_name = dma_heap_get_name(heap)
        using var more = heap.Allocate(SystemMemory.PageSize + 1);
        Assert.Equal(2 * SystemMemory.PageSize, more.Size);
        Assert.Equal(1, Tmds.Linux.LibC.fcntl(one.Fd.DangerousFd, 1 /* F_GETFD */)); // FD_CLOEXEC
    }

    [Theory]
    [InlineData("system", 4096)]
    [InlineData("system", 1 << 20)]
    [InlineData("reserved", 4096)]
    [InlineData("reserved", 1 << 20)]
    public void Allocate_32FreshBuffers_AreZeroFilled(string name, int size)
    {
        using var heap = OpenHeap(name);
        var buffers = new List<DmaBuffer>();
        try
        {
            for (int i = 0; i < 32; i++)
            {
                var b = heap.Allocate(size);
                buffers.Add(b);
                using var map = b.Map(MapAccess.ReadWrite);
                using (b.BeginCpuAccess(DmaBufAccess.ReadWrite))
                {
                    using var view = map.Access();
                    Assert.True(view.Span.IndexOfAnyExcept((byte)0) < 0, $"buffer {i} of {size} bytes from {name} is not zero-filled");
                    view.Span.Fill(0xA5); // dirty it, so a recycled page would show
                }
            }
        }
        finally
        {
            foreach (var b in buffers) b.Dispose();
        }
    }

    [Theory]
    [InlineData(0UL, 0x80002u, 0UL, 0u)]                   // zero length
    [InlineData(ulong.MaxValue, 0x80002u, 0UL, 0u)]        // PAGE_ALIGN wraps to 0
    [InlineData(4096UL, 0x80802u, 0UL, 0u)]                // O_NONBLOCK is not a valid fd flag
    [InlineData(4096UL, 0x2u | 0x400u, 0UL, 0u)]           // O_APPEND neither
    [InlineData(4096UL, 0x80002u, 1UL, 0u)]                // no heap flag is valid
    [InlineData(4096UL, 0x80002u, 1UL << 63, 0u)]
    [InlineData(4096UL, 0x80002u, 0UL, 5u)]                // fd must be 0 going in
    public void Alloc_BadArguments_FailWithEinval(ulong len, uint fdFlags, ulong heapFlags, uint fd)
    {
        using var heap = OpenHeap("system");
        var a = new DmaHeapAllocationData { Len = len, FdFlags = fdFlags, HeapFlags = heapFlags, Fd = fd };
        Assert.Equal(-(int)Errno.EINVAL, RawAlloc(heap, ref a));
    }

    [Fact]
    public void Alloc_ReadOnlyFdFlags_AreAccepted()
    {
        using var heap = OpenHeap("system");
        using var b = heap.Allocate(4096, DmaBufFdAccess.ReadOnly);
        Assert.Equal(4096, b.Size);
    }

    [Fact]
    public void HeapIoctl_NrPastTheTable_IsEinval_NotEnotty()
    {
        using var heap = OpenHeap("system");
        var a = new DmaHeapAllocationData { Len = 4096, FdFlags = 0x80002 };
        Assert.Equal(-(int)Errno.EINVAL, heap.Backend.Ioctl(heap.Fd, Raw.Ioc.IOWR<DmaHeapAllocationData>(DMA_HEAP_IOC_MAGIC, 1), &a));
        Assert.Equal(-(int)Errno.ESPIPE, (int)heap.Backend.Seek(heap.Fd, 0, 2));
    }

    [Fact]
    public void Allocate_ObjectModel_RefusesBadArgumentsBeforeTheKernel()
    {
        using var heap = OpenHeap("system");
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.Allocate(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.Allocate(4096, (DmaBufFdAccess)0x800));
        // Never sent: 6.1's system heap would start allocating 2^62 bytes and wake the OOM killer.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => heap.Allocate(1L << 62));
        Assert.Contains("machine's memory", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.Allocate((long)SystemMemory.PhysicalBytes + 1));
    }

    [Fact]
    public void ChargeToPidfd_OnAKernelThatIgnoresTheField_IsNotSupported_AndAllocatesNothing()
    {
        Capabilities.Require(Capabilities.DmaHeapSystem);
        Capabilities.RequireAbsent(Capabilities.DmaHeapCharge);
        using var heap = DmaHeap.Open("system", Capabilities.Backend);
        using var pidfd = Pidfd.Open(Environment.ProcessId, Capabilities.Backend);
        var e = Assert.Throws<UapiNotSupportedException>(() => heap.Allocate(4096, pidfd));
        Assert.Contains("ignores the field", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChargeToPidfd_WhereTheHeapKnowsIt_Allocates_AndANonPidfdIsEbadf()
    {
        Capabilities.Require(Capabilities.DmaHeapCharge);
        using var heap = DmaHeap.Open("system", Capabilities.Backend);
        using var pidfd = Pidfd.Open(Environment.ProcessId, Capabilities.Backend);
        using var b = heap.Allocate(4096, pidfd);
        Assert.Equal(4096, b.Size);
        Assert.Equal(-(int)Errno.EBADF, AllocCharge(heap.Fd, 4096, 0x80002, 0, heap.Fd.DangerousFd, out _));
    }

    /// <summary>The round trip: fill through one mapping, read through another, import into vgem, export back, compare.</summary>
    [Theory]
    [InlineData("system")]
    [InlineData("reserved")]
    public void HeapBuffer_FillMapRead_ImportIntoVgem_ExportBack_SameBytes(string name)
    {
        using var heap = OpenHeap(name);
        using var buffer = heap.Allocate(64 * 1024);
        DmaBufCases.RoundTrip(buffer);
    }
}
