using System.Runtime.InteropServices;

namespace Uapi.Raw;

// include/uapi/linux/udmabuf.h: ioctls on /dev/udmabuf (type 'u'). Both return the new dma-buf fd as the ioctl's result.
public static partial class Interop
{
    public static partial class Udmabuf
    {
        /// <summary>_IOW('u', 0x42, struct udmabuf_create)</summary>
        public const uint UDMABUF_CREATE = 0x40187542;
        /// <summary>_IOW('u', 0x43, struct udmabuf_create_list); the items follow the 8-byte header.</summary>
        public const uint UDMABUF_CREATE_LIST = 0x40087543;

        /// <summary>The new fd gets O_CLOEXEC. The only flag the kernel reads; other bits are ignored.</summary>
        public const uint UDMABUF_FLAGS_CLOEXEC = 0x01;

        /// <summary>A page-aligned region [offset, offset+size) of a memfd sealed against shrinking, as one dma-buf.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct UdmabufCreate
        {
            public uint Memfd;
            public uint Flags;
            public ulong Offset;
            public ulong Size;
        }

        /// <summary>One region of a CREATE_LIST; __pad is not checked.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct UdmabufCreateItem
        {
            public uint Memfd;
            public uint Pad;
            public ulong Offset;
            public ulong Size;
        }

        /// <summary>The CREATE_LIST header: count items of <see cref="UdmabufCreateItem"/> follow it directly, at offset 8.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct UdmabufCreateList
        {
            public uint Flags;
            public uint Count;
        }
    }
}
