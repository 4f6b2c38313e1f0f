using Uapi.Handles;

namespace Uapi.Raw;

// include/uapi/drm/drm.h: syncobj calls on a DRM fd. Arrays are spans, passed as user pointers with their length
// as the count; flags are the kernel's DRM_SYNCOBJ_* bits, unchecked, so a caller can ask anything the kernel can answer.
public static partial class Interop
{
    public static unsafe partial class Drm
    {
        /// <summary>DRM_IOCTL_SYNCOBJ_CREATE.</summary>
        public static int SyncobjCreate(UapiFd fd, uint flags, out uint handle)
        {
            var c = new DrmSyncobjCreate { Flags = flags };
            int r = fd.Backend.Ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &c);
            handle = c.Handle;
            return r;
        }

        /// <summary>DRM_IOCTL_SYNCOBJ_DESTROY.</summary>
        public static int SyncobjDestroy(UapiFd fd, uint handle)
        {
            var d = new DrmSyncobjDestroy { Handle = handle };
            return fd.Backend.Ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d);
        }

        /// <summary>
        /// DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD: an opaque syncobj fd, or a sync_file with EXPORT_SYNC_FILE (at
        /// <paramref name="point"/> with the TIMELINE flag, 2025+).
        /// </summary>
        public static int SyncobjHandleToFd(UapiFd fd, uint handle, uint flags, ulong point, out int outFd)
        {
            var h = new DrmSyncobjHandle { Handle = handle, Flags = flags, Fd = -1, Point = point };
            int r = fd.Backend.Ioctl(fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &h);
            outFd = h.Fd;
            return r;
        }

        /// <summary>
        /// DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE: imports a syncobj fd (the new handle comes back in <paramref name="handle"/>),
        /// or with IMPORT_SYNC_FILE puts a sync_file's fence into the syncobj <paramref name="handle"/> names.
        /// </summary>
        public static int SyncobjFdToHandle(UapiFd fd, int inFd, uint flags, ulong point, ref uint handle)
        {
            var h = new DrmSyncobjHandle { Handle = handle, Flags = flags, Fd = inFd, Point = point };
            int r = fd.Backend.Ioctl(fd, DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &h);
            handle = h.Handle;
            return r;
        }

        /// <summary>DRM_IOCTL_SYNCOBJ_WAIT on binary syncobjs; <paramref name="timeoutNsec"/> is absolute CLOCK_MONOTONIC.</summary>
        public static int SyncobjWait(UapiFd fd, ReadOnlySpan<uint> handles, long timeoutNsec, uint flags, out uint firstSignaled, ulong deadlineNsec = 0)
        {
            fixed (uint* h = handles)
            {
                var w = new DrmSyncobjWait
                {
                    Handles = (ulong)h, CountHandles = (uint)handles.Length, TimeoutNsec = timeoutNsec, Flags = flags, DeadlineNsec = deadlineNsec,
                };
                int r = fd.Backend.Ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w);
                firstSignaled = w.FirstSignaled;
                return r;
            }
        }

        /// <summary>DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT on (handle, point) pairs; the spans must be the same length.</summary>
        public static int SyncobjTimelineWait(UapiFd fd, ReadOnlySpan<uint> handles, ReadOnlySpan<ulong> points, long timeoutNsec, uint flags,
            out uint firstSignaled, ulong deadlineNsec = 0)
        {
            SameLength(handles.Length, points.Length);
            fixed (uint* h = handles)
            fixed (ulong* p = points)
            {
                var w = new DrmSyncobjTimelineWait
                {
                    Handles = (ulong)h, Points = (ulong)p, CountHandles = (uint)handles.Length, TimeoutNsec = timeoutNsec, Flags = flags,
                    DeadlineNsec = deadlineNsec,
                };
                int r = fd.Backend.Ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &w);
                firstSignaled = w.FirstSignaled;
                return r;
            }
        }

        /// <summary>DRM_IOCTL_SYNCOBJ_RESET.</summary>
        public static int SyncobjReset(UapiFd fd, ReadOnlySpan<uint> handles)
        {
            fixed (uint* h = handles)
            {
                var a = new DrmSyncobjArray { Handles = (ulong)h, CountHandles = (uint)handles.Length };
                return fd.Backend.Ioctl(fd, DRM_IOCTL_SYNCOBJ_RESET, &a);
            }
        }

        /// <summary>DRM_IOCTL_SYNCOBJ_SIGNAL: the binary payloads become signalled fences.</summary>
        public static int SyncobjSignal(UapiFd fd, ReadOnlySpan<uint> handles)
        {
            fixed (uint* h = handles)
            {
                var a = new DrmSyncobjArray { Handles = (ulong)h, CountHandles = (uint)handles.Length };
                return fd.Backend.Ioctl(fd, DRM_IOCTL_SYNCOBJ_SIGNAL, &a);
            }
        }

        /// <summary>DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL: a signalled fence at each (handle, point).</summary>
        public static int SyncobjTimelineSignal(UapiFd fd, ReadOnlySpan<uint> handles, ReadOnlySpan<ulong> points)
        {
            SameLength(handles.Length, points.Length);
            fixed (uint* h = handles)
            fixed (ulong* p = points)
            {
                var a = new DrmSyncobjTimelineArray { Handles = (ulong)h, Points = (ulong)p, CountHandles = (uint)handles.Length };
                return fd.Backend.Ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, &a);
            }
        }

        /// <summary>DRM_IOCTL_SYNCOBJ_QUERY: the kernel writes each handle's point into <paramref name="points"/>.</summary>
        public static int SyncobjQuery(UapiFd fd, ReadOnlySpan<uint> handles, Span<ulong> points, uint flags)
        {
            SameLength(handles.Length, points.Length);
            fixed (uint* h = handles)
            fixed (ulong* p = points)
            {
                var a = new DrmSyncobjTimelineArray { Handles = (ulong)h, Points = (ulong)p, CountHandles = (uint)handles.Length, Flags = flags };
                return fd.Backend.Ioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &a);
            }
        }

        /// <summary>DRM_IOCTL_SYNCOBJ_TRANSFER.</summary>
        public static int SyncobjTransfer(UapiFd fd, uint srcHandle, ulong srcPoint, uint dstHandle, ulong dstPoint, uint flags)
        {
            var t = new DrmSyncobjTransfer { SrcHandle = srcHandle, SrcPoint = srcPoint, DstHandle = dstHandle, DstPoint = dstPoint, Flags = flags };
            return fd.Backend.Ioctl(fd, DRM_IOCTL_SYNCOBJ_TRANSFER, &t);
        }

        /// <summary>DRM_IOCTL_SYNCOBJ_EVENTFD (6.6+): bumps <paramref name="eventFd"/> once the point signals (or is available).</summary>
        public static int SyncobjEventfd(UapiFd fd, uint handle, ulong point, int eventFd, uint flags)
        {
            var e = new DrmSyncobjEventfd { Handle = handle, Point = point, Fd = eventFd, Flags = flags };
            return fd.Backend.Ioctl(fd, DRM_IOCTL_SYNCOBJ_EVENTFD, &e);
        }
    }

    // The kernel reads count entries from both arrays: a shorter one would be read past its end.
    internal static void SameLength(int a, int b)
    {
        if (a != b) ThrowLengths(a, b);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ThrowLengths(int a, int b) => throw new ArgumentException($"the arrays have {a} and {b} entries; the kernel reads the same count from each");
}
