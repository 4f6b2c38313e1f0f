using Uapi.Handles;

namespace Uapi.Raw;

// drivers/dma-buf/sw_sync.c: the debugfs sw_sync timeline.
public static partial class Interop
{
    public static unsafe partial class SwSync
    {
        /// <summary>SW_SYNC_IOC_CREATE_FENCE: a sync_file signalled once the timeline reaches <paramref name="value"/>. The name is cut to 31 bytes.</summary>
        public static int CreateFence(UapiFd fd, uint value, ReadOnlySpan<byte> name, out int fence)
        {
            var d = new SwSyncCreateFenceData { Value = value, Fence = -1 };
            CopyName(name, d.Name, 32);
            int r = fd.Backend.Ioctl(fd, SW_SYNC_IOC_CREATE_FENCE, &d);
            fence = d.Fence;
            return r;
        }

        /// <summary>SW_SYNC_IOC_INC: advances the timeline by <paramref name="count"/>.</summary>
        public static int Inc(UapiFd fd, uint count) => fd.Backend.Ioctl(fd, SW_SYNC_IOC_INC, &count);
    }
}
