using System.Runtime.InteropServices;

namespace Uapi.Raw;

// include/uapi/linux/syncobj.h: the /dev/syncobj misc device (Julian Orth's RFC, May 2026; not merged).
// Every op names syncobjs by fd (the opaque fds of DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD), never by a DRM handle.
// Magic 0xCD, nr 0-8. Arrays are user pointers in __u64: fds are __s32[], points __u64[].
// The driver matches the whole request number, so a struct of another size is ENOTTY, not a shorter copy.
public static partial class Interop
{
    public static partial class Syncobj
    {
        /// <summary>_IOWR(0xCD, 0, struct syncobj_create_args)</summary>
        public const uint SYNCOBJ_IOC_CREATE = 0xC008CD00;
        /// <summary>_IOWR(0xCD, 1, struct syncobj_wait_args)</summary>
        public const uint SYNCOBJ_IOC_WAIT = 0xC030CD01;
        /// <summary>_IOW(0xCD, 2, struct syncobj_array_args)</summary>
        public const uint SYNCOBJ_IOC_RESET = 0x4018CD02;
        /// <summary>_IOW(0xCD, 3, struct syncobj_array_args)</summary>
        public const uint SYNCOBJ_IOC_SIGNAL = 0x4018CD03;
        /// <summary>_IOW(0xCD, 4, struct syncobj_array_args); writes its answers through <c>points</c> despite the _IOW.</summary>
        public const uint SYNCOBJ_IOC_QUERY = 0x4018CD04;
        /// <summary>_IOW(0xCD, 5, struct syncobj_transfer_args)</summary>
        public const uint SYNCOBJ_IOC_TRANSFER = 0x4020CD05;
        /// <summary>_IOW(0xCD, 6, struct syncobj_eventfd_args)</summary>
        public const uint SYNCOBJ_IOC_EVENTFD = 0x4018CD06;
        /// <summary>_IOWR(0xCD, 7, struct syncobj_sync_file_args)</summary>
        public const uint SYNCOBJ_IOC_EXPORT_SYNC_FILE = 0xC010CD07;
        /// <summary>_IOW(0xCD, 8, struct syncobj_sync_file_args)</summary>
        public const uint SYNCOBJ_IOC_IMPORT_SYNC_FILE = 0x4010CD08;

        // Equal to their DRM_SYNCOBJ_* counterparts (the driver asserts it at build time).
        public const uint SYNCOBJ_CREATE_SIGNALED = 1 << 0;
        public const uint SYNCOBJ_WAIT_FLAGS_WAIT_ALL = 1 << 0;
        public const uint SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT = 1 << 1;
        public const uint SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE = 1 << 2;
        public const uint SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE = 1 << 3;
        public const uint SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED = 1 << 0;

        /// <summary>Makes a new syncobj, optionally already signalled, and hands it back as a new fd.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct SyncobjCreateArgs
        {
            public int Fd;
            public uint Flags;
        }

        /// <summary>
        /// Waits on (fd, point) pairs until all or any signalled (or are submitted, with WAIT_AVAILABLE), until an absolute
        /// CLOCK_MONOTONIC timeout. A zero count succeeds at once; first_signaled is written on success only.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct SyncobjWaitArgs
        {
            public ulong Fds;
            public ulong Points;
            public long TimeoutNsec;
            public uint Count;
            public uint Flags;
            public uint FirstSignaled;
            public uint Pad;
            public ulong DeadlineNsec;
        }

        /// <summary>An array of syncobj fds with one point each: RESET (points must be 0), SIGNAL, QUERY (points are outputs).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct SyncobjArrayArgs
        {
            public ulong Fds;
            public ulong Points;
            public uint Count;
            public uint Flags;
        }

        /// <summary>Copies the fence at src_point of one syncobj to dst_point of another (0 means the binary payload).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct SyncobjTransferArgs
        {
            public int SrcFd;
            public int DstFd;
            public ulong SrcPoint;
            public ulong DstPoint;
            public uint Flags;
            public uint Pad;
        }

        /// <summary>Adds 1 to an eventfd once the point signals (or only has a fence, with WAIT_AVAILABLE). Field order differs from DRM's.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct SyncobjEventfdArgs
        {
            public int SyncobjFd;
            public int Eventfd;
            public ulong Point;
            public uint Flags;
            public uint Pad;
        }

        /// <summary>The fence at a point as a new sync_file fd (EXPORT), or a sync_file's fence put at a point (IMPORT).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct SyncobjSyncFileArgs
        {
            public int SyncobjFd;
            public int SyncFileFd;
            public ulong Point;
        }
    }
}
