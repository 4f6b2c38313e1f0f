using System.Runtime.InteropServices;

namespace Uapi.Raw;

// include/uapi/drm/drm.h: the syncobj ioctls on a DRM fd. Sizes grew twice (deadline: WAIT 32→40,
// TIMELINE_WAIT 40→48; 2025 point: HANDLE 16→24); the numbers here are the current sizes, and the kernel
// accepts them on older kernels because drm_ioctl copies min(user, kernel) bytes.
public static partial class Interop
{
    public static partial class Drm
    {
        /// <summary>DRM_IOWR(0xBF, struct drm_syncobj_create)</summary>
        public const uint DRM_IOCTL_SYNCOBJ_CREATE = 0xC00864BF;
        /// <summary>DRM_IOWR(0xC0, struct drm_syncobj_destroy)</summary>
        public const uint DRM_IOCTL_SYNCOBJ_DESTROY = 0xC00864C0;
        /// <summary>DRM_IOWR(0xC1, struct drm_syncobj_handle), 24-byte form</summary>
        public const uint DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD = 0xC01864C1;
        /// <summary>DRM_IOWR(0xC2, struct drm_syncobj_handle), 24-byte form</summary>
        public const uint DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE = 0xC01864C2;
        /// <summary>DRM_IOWR(0xC3, struct drm_syncobj_wait), 40-byte form with deadline_nsec</summary>
        public const uint DRM_IOCTL_SYNCOBJ_WAIT = 0xC02864C3;
        /// <summary>DRM_IOWR(0xC4, struct drm_syncobj_array)</summary>
        public const uint DRM_IOCTL_SYNCOBJ_RESET = 0xC01064C4;
        /// <summary>DRM_IOWR(0xC5, struct drm_syncobj_array)</summary>
        public const uint DRM_IOCTL_SYNCOBJ_SIGNAL = 0xC01064C5;
        /// <summary>DRM_IOWR(0xCA, struct drm_syncobj_timeline_wait), 48-byte form with deadline_nsec</summary>
        public const uint DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT = 0xC03064CA;
        /// <summary>DRM_IOWR(0xCB, struct drm_syncobj_timeline_array)</summary>
        public const uint DRM_IOCTL_SYNCOBJ_QUERY = 0xC01864CB;
        /// <summary>DRM_IOWR(0xCC, struct drm_syncobj_transfer)</summary>
        public const uint DRM_IOCTL_SYNCOBJ_TRANSFER = 0xC02064CC;
        /// <summary>DRM_IOWR(0xCD, struct drm_syncobj_timeline_array)</summary>
        public const uint DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL = 0xC01864CD;
        /// <summary>DRM_IOWR(0xCF, struct drm_syncobj_eventfd); Linux 6.6+</summary>
        public const uint DRM_IOCTL_SYNCOBJ_EVENTFD = 0xC01864CF;

        public const uint DRM_SYNCOBJ_CREATE_SIGNALED = 1 << 0;
        public const uint DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE = 1 << 0;
        public const uint DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE = 1 << 1;
        public const uint DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE = 1 << 0;
        public const uint DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE = 1 << 1;
        public const uint DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL = 1 << 0;
        public const uint DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT = 1 << 1;
        public const uint DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE = 1 << 2;
        public const uint DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE = 1 << 3;
        public const uint DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED = 1 << 0;

        /// <summary>Creates a syncobj on this file, optionally already signalled; the kernel fills handle.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmSyncobjCreate
        {
            public uint Handle;
            public uint Flags;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct DrmSyncobjDestroy
        {
            public uint Handle;
            public uint Pad;
        }

        /// <summary>Syncobj handle ↔ fd (an opaque syncobj fd, or a sync_file with the SYNC_FILE flags); point is 2025+.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmSyncobjHandle
        {
            public uint Handle;
            public uint Flags;
            public int Fd;
            public uint Pad;
            public ulong Point;
        }

        /// <summary>Moves the fence at src_point of one syncobj to dst_point of another.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmSyncobjTransfer
        {
            public uint SrcHandle;
            public uint DstHandle;
            public ulong SrcPoint;
            public ulong DstPoint;
            public uint Flags;
            public uint Pad;
        }

        /// <summary>Waits on binary syncobjs; timeout_nsec is absolute CLOCK_MONOTONIC; first_signaled is written back.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmSyncobjWait
        {
            public ulong Handles;
            public long TimeoutNsec;
            public uint CountHandles;
            public uint Flags;
            public uint FirstSignaled;
            public uint Pad;
            public ulong DeadlineNsec;
        }

        /// <summary>Waits on (handle, point) pairs of timeline syncobjs.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmSyncobjTimelineWait
        {
            public ulong Handles;
            public ulong Points;
            public long TimeoutNsec;
            public uint CountHandles;
            public uint Flags;
            public uint FirstSignaled;
            public uint Pad;
            public ulong DeadlineNsec;
        }

        /// <summary>An array of handles for RESET and SIGNAL.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmSyncobjArray
        {
            public ulong Handles;
            public uint CountHandles;
            public uint Pad;
        }

        /// <summary>Handles with points for QUERY (points written back) and TIMELINE_SIGNAL.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmSyncobjTimelineArray
        {
            public ulong Handles;
            public ulong Points;
            public uint CountHandles;
            public uint Flags;
        }

        /// <summary>Arms an eventfd to be bumped when a point signals (or becomes available). fd comes after point.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmSyncobjEventfd
        {
            public uint Handle;
            public uint Flags;
            public ulong Point;
            public int Fd;
            public uint Pad;
        }
    }
}
