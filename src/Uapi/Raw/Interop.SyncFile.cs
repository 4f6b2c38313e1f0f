using System.Runtime.InteropServices;

namespace Uapi.Raw;

// include/uapi/linux/sync_file.h. Opcodes 0-2 are burned by the old staging API.
public static partial class Interop
{
    public static partial class SyncFile
    {
        public const uint SYNC_IOC_MAGIC = 0x3E; // '>'

        /// <summary>_IOWR(SYNC_IOC_MAGIC, 3, struct sync_merge_data)</summary>
        public const uint SYNC_IOC_MERGE = 0xC0303E03;
        /// <summary>_IOWR(SYNC_IOC_MAGIC, 4, struct sync_file_info)</summary>
        public const uint SYNC_IOC_FILE_INFO = 0xC0383E04;
        /// <summary>_IOW(SYNC_IOC_MAGIC, 5, struct sync_set_deadline); Linux 6.4+</summary>
        public const uint SYNC_IOC_SET_DEADLINE = 0x40103E05;

        /// <summary>Merges the file's fence with fd2's into a new sync_file, returned in fence. flags and pad must be 0.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public unsafe struct SyncMergeData
        {
            public fixed byte Name[32];
            public int Fd2;
            public int Fence;
            public uint Flags;
            public uint Pad;
        }

        /// <summary>One fence of a sync_file: timeline and driver names, status (1 signalled, 0 active, &lt;0 error), timestamp.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public unsafe struct SyncFenceInfo
        {
            public fixed byte ObjName[32];
            public fixed byte DriverName[32];
            public int Status;
            public uint Flags;
            public ulong TimestampNs;
        }

        /// <summary>A sync_file's name, status and fences; num_fences 0 asks only for the count.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public unsafe struct SyncFileInfo
        {
            public fixed byte Name[32];
            public int Status;
            public uint Flags;
            public uint NumFences;
            public uint Pad;
            public ulong SyncFenceInfo;
        }

        /// <summary>Hints the fence's signaller that it is wanted by an absolute CLOCK_MONOTONIC time.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct SyncSetDeadline
        {
            public ulong DeadlineNs;
            public ulong Pad;
        }
    }
}
