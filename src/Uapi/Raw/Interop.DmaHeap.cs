using System.Runtime.InteropServices;

namespace Uapi.Raw;

// include/uapi/linux/dma-heap.h: the ioctl on /dev/dma_heap/<name> (type 'H').
public static partial class Interop
{
    public static partial class DmaHeap
    {
        public const uint DMA_HEAP_IOC_MAGIC = 0x48; // 'H'

        /// <summary>_IOWR(DMA_HEAP_IOC_MAGIC, 0x0, struct dma_heap_allocation_data)</summary>
        public const uint DMA_HEAP_IOCTL_ALLOC = 0xC0184800;

        /// <summary>
        /// _IOWR(DMA_HEAP_IOC_MAGIC, 0x0, struct dma_heap_allocation_data) with the 2026 charge_pid_fd RFC's 32-byte struct
        /// (FACTS §8.2, not merged). dma_heap_ioctl() matches on nr alone and ignores a tail it does not know.
        /// </summary>
        public const uint DMA_HEAP_IOCTL_ALLOC_CHARGE = 0xC0204800;

        /// <summary>O_CLOEXEC | O_ACCMODE: the only fd flags ALLOC takes.</summary>
        public const uint DMA_HEAP_VALID_FD_FLAGS = 0x80003;

        /// <summary>No heap flags are defined: any bit is EINVAL.</summary>
        public const ulong DMA_HEAP_VALID_HEAP_FLAGS = 0;

        /// <summary>
        /// One allocation: len in bytes (the kernel rounds it up to a page), fd must be 0 going in and holds the new
        /// dma-buf fd coming out, fd_flags become that fd's flags, heap_flags must be 0.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DmaHeapAllocationData
        {
            public ulong Len;
            public uint Fd;
            public uint FdFlags;
            public ulong HeapFlags;
        }

        /// <summary>
        /// The RFC's grown allocation: the same fields, then a pidfd whose task's memory cgroup pays for the buffer
        /// (0: the caller) and a word that must be 0. A kernel without the RFC ignores both.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DmaHeapAllocationDataCharge
        {
            public ulong Len;
            public uint Fd;
            public uint FdFlags;
            public ulong HeapFlags;
            public uint ChargePidFd;
            public uint Padding;
        }
    }
}
