using System.Runtime.InteropServices;

namespace Uapi.Raw;

// include/uapi/linux/dma-buf.h: ioctls on a dma-buf fd (type 'b').
public static partial class Interop
{
    public static partial class DmaBuf
    {
        public const uint DMA_BUF_BASE = 0x62; // 'b'

        /// <summary>_IOW(DMA_BUF_BASE, 0, struct dma_buf_sync)</summary>
        public const uint DMA_BUF_IOCTL_SYNC = 0x40086200;
        /// <summary>
        /// _IOW(DMA_BUF_BASE, 1, __u32): SET_NAME as 32-bit userspace encodes it. The argument is the name pointer
        /// itself, not a struct. The kernel accepts both encodings.
        /// </summary>
        public const uint DMA_BUF_SET_NAME_A = 0x40046201;
        /// <summary>_IOW(DMA_BUF_BASE, 1, __u64): SET_NAME as a 64-bit process encodes it; the argument is the name pointer.</summary>
        public const uint DMA_BUF_SET_NAME_B = 0x40086201;
        /// <summary>_IOWR(DMA_BUF_BASE, 2, struct dma_buf_export_sync_file); Linux 6.0+</summary>
        public const uint DMA_BUF_IOCTL_EXPORT_SYNC_FILE = 0xC0086202;
        /// <summary>_IOW(DMA_BUF_BASE, 3, struct dma_buf_import_sync_file); Linux 6.0+</summary>
        public const uint DMA_BUF_IOCTL_IMPORT_SYNC_FILE = 0x40086203;

        public const uint DMA_BUF_SYNC_READ = 1 << 0;
        public const uint DMA_BUF_SYNC_WRITE = 2 << 0;
        public const uint DMA_BUF_SYNC_RW = DMA_BUF_SYNC_READ | DMA_BUF_SYNC_WRITE;
        public const uint DMA_BUF_SYNC_START = 0 << 2;
        public const uint DMA_BUF_SYNC_END = 1 << 2;
        public const uint DMA_BUF_SYNC_VALID_FLAGS_MASK = DMA_BUF_SYNC_RW | DMA_BUF_SYNC_END;

        /// <summary>Longest name SET_NAME keeps, NUL included.</summary>
        public const int DMA_BUF_NAME_LEN = 32;

        /// <summary>
        /// Brackets CPU access to a mapping: START with READ, WRITE or both before touching it, END with the same
        /// direction afterwards. flags is 64 bits wide.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DmaBufSync
        {
            public ulong Flags;
        }

        /// <summary>
        /// Snapshots the buffer's fences into a new sync_file (returned in fd). flags READ gives what a reader must
        /// wait for (the writers), WRITE what a writer must wait for (everyone).
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DmaBufExportSyncFile
        {
            public uint Flags;
            public int Fd;
        }

        /// <summary>Adds the fences of the sync_file in fd to the buffer, as readers (READ) or writers (WRITE).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DmaBufImportSyncFile
        {
            public uint Flags;
            public int Fd;
        }
    }
}
