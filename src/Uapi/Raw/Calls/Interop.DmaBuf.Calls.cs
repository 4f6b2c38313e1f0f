using Uapi.Handles;

namespace Uapi.Raw;

// include/uapi/linux/dma-buf.h.
public static partial class Interop
{
    public static unsafe partial class DmaBuf
    {
        /// <summary>DMA_BUF_IOCTL_SYNC with DMA_BUF_SYNC_* flags.</summary>
        public static int Sync(UapiFd fd, ulong flags)
        {
            var s = new DmaBufSync { Flags = flags };
            return fd.Backend.Ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
        }

        /// <summary>DMA_BUF_SET_NAME (the 'b', u64 form): <paramref name="name"/> without its NUL, which is added here.</summary>
        public static int SetName(UapiFd fd, ReadOnlySpan<byte> name)
        {
            const int StackLimit = 256;
            Span<byte> buf = name.Length < StackLimit ? stackalloc byte[name.Length + 1] : new byte[name.Length + 1];
            name.CopyTo(buf);
            buf[name.Length] = 0;
            fixed (byte* p = buf) return fd.Backend.Ioctl(fd, DMA_BUF_SET_NAME_B, p);
        }

        /// <summary>DMA_BUF_IOCTL_EXPORT_SYNC_FILE (6.0+): the fences <paramref name="flags"/> (READ, WRITE) would wait for, as a sync_file.</summary>
        public static int ExportSyncFile(UapiFd fd, uint flags, out int syncFileFd)
        {
            var e = new DmaBufExportSyncFile { Flags = flags, Fd = -1 };
            int r = fd.Backend.Ioctl(fd, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &e);
            syncFileFd = e.Fd;
            return r;
        }

        /// <summary>DMA_BUF_IOCTL_IMPORT_SYNC_FILE (6.0+): adds a sync_file's fences as readers or writers.</summary>
        public static int ImportSyncFile(UapiFd fd, uint flags, int syncFileFd)
        {
            var i = new DmaBufImportSyncFile { Flags = flags, Fd = syncFileFd };
            return fd.Backend.Ioctl(fd, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &i);
        }
    }
}
