using Uapi.Handles;

namespace Uapi.Raw;

// include/uapi/linux/syncobj.h (the /dev/syncobj RFC): every call names syncobjs by fd number.
public static partial class Interop
{
    public static unsafe partial class Syncobj
    {
        /// <summary>SYNCOBJ_IOC_CREATE: a new syncobj as a new fd.</summary>
        public static int Create(UapiFd fd, uint flags, out int syncobjFd)
        {
            var c = new SyncobjCreateArgs { Fd = -1, Flags = flags };
            int r = fd.Backend.Ioctl(fd, SYNCOBJ_IOC_CREATE, &c);
            syncobjFd = c.Fd;
            return r;
        }

        /// <summary>SYNCOBJ_IOC_WAIT on (fd, point) pairs; the spans must be the same length.</summary>
        public static int Wait(UapiFd fd, ReadOnlySpan<int> fds, ReadOnlySpan<ulong> points, long timeoutNsec, uint flags,
            out uint firstSignaled, ulong deadlineNsec = 0)
        {
            SameLength(fds.Length, points.Length);
            fixed (int* f = fds)
            fixed (ulong* p = points)
            {
                var w = new SyncobjWaitArgs
                {
                    Fds = (ulong)f, Points = (ulong)p, Count = (uint)fds.Length, TimeoutNsec = timeoutNsec, Flags = flags, DeadlineNsec = deadlineNsec,
                };
                int r = fd.Backend.Ioctl(fd, SYNCOBJ_IOC_WAIT, &w);
                firstSignaled = w.FirstSignaled;
                return r;
            }
        }

        /// <summary>SYNCOBJ_IOC_RESET; with no <paramref name="points"/> the points pointer is null.</summary>
        public static int Reset(UapiFd fd, ReadOnlySpan<int> fds, ReadOnlySpan<ulong> points = default)
        {
            if (!points.IsEmpty) SameLength(fds.Length, points.Length);
            fixed (int* f = fds)
            fixed (ulong* p = points)
            {
                var a = new SyncobjArrayArgs { Fds = (ulong)f, Points = (ulong)p, Count = (uint)fds.Length };
                return fd.Backend.Ioctl(fd, SYNCOBJ_IOC_RESET, &a);
            }
        }

        /// <summary>SYNCOBJ_IOC_SIGNAL: a signalled fence at each (fd, point).</summary>
        public static int Signal(UapiFd fd, ReadOnlySpan<int> fds, ReadOnlySpan<ulong> points)
        {
            SameLength(fds.Length, points.Length);
            fixed (int* f = fds)
            fixed (ulong* p = points)
            {
                var a = new SyncobjArrayArgs { Fds = (ulong)f, Points = (ulong)p, Count = (uint)fds.Length };
                return fd.Backend.Ioctl(fd, SYNCOBJ_IOC_SIGNAL, &a);
            }
        }

        /// <summary>SYNCOBJ_IOC_QUERY: the kernel writes each fd's point into <paramref name="points"/>.</summary>
        public static int Query(UapiFd fd, ReadOnlySpan<int> fds, Span<ulong> points, uint flags)
        {
            SameLength(fds.Length, points.Length);
            fixed (int* f = fds)
            fixed (ulong* p = points)
            {
                var a = new SyncobjArrayArgs { Fds = (ulong)f, Points = (ulong)p, Count = (uint)fds.Length, Flags = flags };
                return fd.Backend.Ioctl(fd, SYNCOBJ_IOC_QUERY, &a);
            }
        }

        /// <summary>SYNCOBJ_IOC_TRANSFER.</summary>
        public static int Transfer(UapiFd fd, int srcFd, ulong srcPoint, int dstFd, ulong dstPoint, uint flags)
        {
            var a = new SyncobjTransferArgs { SrcFd = srcFd, SrcPoint = srcPoint, DstFd = dstFd, DstPoint = dstPoint, Flags = flags };
            return fd.Backend.Ioctl(fd, SYNCOBJ_IOC_TRANSFER, &a);
        }

        /// <summary>SYNCOBJ_IOC_EVENTFD.</summary>
        public static int Eventfd(UapiFd fd, int syncobjFd, ulong point, int eventFd, uint flags)
        {
            var a = new SyncobjEventfdArgs { SyncobjFd = syncobjFd, Eventfd = eventFd, Point = point, Flags = flags };
            return fd.Backend.Ioctl(fd, SYNCOBJ_IOC_EVENTFD, &a);
        }

        /// <summary>SYNCOBJ_IOC_EXPORT_SYNC_FILE: the fence at a point as a new sync_file fd.</summary>
        public static int ExportSyncFile(UapiFd fd, int syncobjFd, ulong point, out int syncFileFd)
        {
            var a = new SyncobjSyncFileArgs { SyncobjFd = syncobjFd, SyncFileFd = -1, Point = point };
            int r = fd.Backend.Ioctl(fd, SYNCOBJ_IOC_EXPORT_SYNC_FILE, &a);
            syncFileFd = a.SyncFileFd;
            return r;
        }

        /// <summary>SYNCOBJ_IOC_IMPORT_SYNC_FILE: a sync_file's fence put at a point.</summary>
        public static int ImportSyncFile(UapiFd fd, int syncobjFd, ulong point, int syncFileFd)
        {
            var a = new SyncobjSyncFileArgs { SyncobjFd = syncobjFd, SyncFileFd = syncFileFd, Point = point };
            return fd.Backend.Ioctl(fd, SYNCOBJ_IOC_IMPORT_SYNC_FILE, &a);
        }
    }
}
