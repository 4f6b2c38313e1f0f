using System.Runtime.InteropServices;

namespace Uapi.Raw;

// drivers/dma-buf/sw_sync.c (not a UAPI header: a debugfs test interface at /sys/kernel/debug/sync/sw_sync,
// CONFIG_SW_SYNC). Each open is a timeline; fences signal when the timeline counter reaches their value.
public static partial class Interop
{
    public static partial class SwSync
    {
        public const string DebugfsPath = "/sys/kernel/debug/sync/sw_sync";
        public const uint SW_SYNC_IOC_MAGIC = 0x57; // 'W'

        /// <summary>_IOWR(SW_SYNC_IOC_MAGIC, 0, struct sw_sync_create_fence_data)</summary>
        public const uint SW_SYNC_IOC_CREATE_FENCE = 0xC0285700;
        /// <summary>_IOW(SW_SYNC_IOC_MAGIC, 1, __u32)</summary>
        public const uint SW_SYNC_IOC_INC = 0x40045701;

        /// <summary>A fence at value on this timeline, returned as a sync_file fd.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public unsafe struct SwSyncCreateFenceData
        {
            public uint Value;
            public fixed byte Name[32];
            public int Fence;
        }
    }
}
