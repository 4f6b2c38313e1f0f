using Uapi.Handles;

namespace Uapi.Raw;

// include/uapi/linux/dma-heap.h.
public static partial class Interop
{
    public static unsafe partial class DmaHeap
    {
        /// <summary>DMA_HEAP_IOCTL_ALLOC: a new dma-buf fd of at least <paramref name="len"/> bytes.</summary>
        public static int Alloc(UapiFd fd, ulong len, uint fdFlags, ulong heapFlags, out int dmaBufFd)
        {
            var a = new DmaHeapAllocationData { Len = len, FdFlags = fdFlags, HeapFlags = heapFlags };
            int r = fd.Backend.Ioctl(fd, DMA_HEAP_IOCTL_ALLOC, &a);
            dmaBufFd = (int)a.Fd;
            return r;
        }

        /// <summary>DMA_HEAP_IOCTL_ALLOC with the RFC's charge_pid_fd (a kernel without it ignores the field).</summary>
        public static int AllocCharge(UapiFd fd, ulong len, uint fdFlags, ulong heapFlags, int chargePidFd, out int dmaBufFd)
        {
            var a = new DmaHeapAllocationDataCharge { Len = len, FdFlags = fdFlags, HeapFlags = heapFlags, ChargePidFd = (uint)chargePidFd };
            int r = fd.Backend.Ioctl(fd, DMA_HEAP_IOCTL_ALLOC_CHARGE, &a);
            dmaBufFd = (int)a.Fd;
            return r;
        }
    }
}
