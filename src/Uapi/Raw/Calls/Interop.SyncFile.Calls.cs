using Uapi.Handles;

namespace Uapi.Raw;

// include/uapi/linux/sync_file.h.
public static partial class Interop
{
    public static unsafe partial class SyncFile
    {
        /// <summary>SYNC_IOC_MERGE: a new sync_file of this one's fences and <paramref name="fd2"/>'s. The name is cut to 31 bytes.</summary>
        public static int Merge(UapiFd fd, ReadOnlySpan<byte> name, int fd2, out int fence, uint flags = 0)
        {
            var d = new SyncMergeData { Fd2 = fd2, Fence = -1, Flags = flags };
            CopyName(name, d.Name, 32);
            int r = fd.Backend.Ioctl(fd, SYNC_IOC_MERGE, &d);
            fence = d.Fence;
            return r;
        }

        /// <summary>SYNC_IOC_FILE_INFO: an empty <paramref name="fences"/> asks for the count only.</summary>
        public static int FileInfo(UapiFd fd, Span<SyncFenceInfo> fences, out SyncFileInfo info)
        {
            fixed (SyncFenceInfo* p = fences)
            {
                var i = new SyncFileInfo { NumFences = (uint)fences.Length, SyncFenceInfo = (ulong)p };
                int r = fd.Backend.Ioctl(fd, SYNC_IOC_FILE_INFO, &i);
                info = i;
                return r;
            }
        }

        /// <summary>SYNC_IOC_SET_DEADLINE (6.4+): an absolute CLOCK_MONOTONIC time.</summary>
        public static int SetDeadline(UapiFd fd, ulong deadlineNs)
        {
            var d = new SyncSetDeadline { DeadlineNs = deadlineNs };
            return fd.Backend.Ioctl(fd, SYNC_IOC_SET_DEADLINE, &d);
        }
    }

    /// <summary>Copies at most size - 1 bytes into a zeroed fixed name buffer, so it stays NUL-terminated.</summary>
    internal static unsafe void CopyName(ReadOnlySpan<byte> name, byte* dest, int size) =>
        name[..Math.Min(name.Length, size - 1)].CopyTo(new Span<byte>(dest, size));
}
