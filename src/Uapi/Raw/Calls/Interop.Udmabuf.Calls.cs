using Uapi.Handles;

namespace Uapi.Raw;

// include/uapi/linux/udmabuf.h. Both calls return the new dma-buf fd as the ioctl's result.
public static partial class Interop
{
    public static unsafe partial class Udmabuf
    {
        /// <summary>UDMABUF_CREATE: one memfd region as a dma-buf; returns its fd or -errno.</summary>
        public static int Create(UapiFd fd, int memfd, uint flags, ulong offset, ulong size)
        {
            var c = new UdmabufCreate { Memfd = (uint)memfd, Flags = flags, Offset = offset, Size = size };
            return fd.Backend.Ioctl(fd, UDMABUF_CREATE, &c);
        }

        /// <summary>UDMABUF_CREATE_LIST: the header, then <paramref name="items"/> right after it; returns the fd or -errno.</summary>
        public static int CreateList(UapiFd fd, uint flags, ReadOnlySpan<UdmabufCreateItem> items)
        {
            const int StackLimit = 1024;
            int bytes = sizeof(UdmabufCreateList) + items.Length * sizeof(UdmabufCreateItem);
            Span<byte> arg = bytes <= StackLimit ? stackalloc byte[bytes] : new byte[bytes];
            arg.Clear();
            fixed (byte* p = arg)
            {
                var head = (UdmabufCreateList*)p;
                head->Flags = flags;
                head->Count = (uint)items.Length;
                items.CopyTo(new Span<UdmabufCreateItem>(head + 1, items.Length));
                return fd.Backend.Ioctl(fd, UDMABUF_CREATE_LIST, p);
            }
        }
    }
}
