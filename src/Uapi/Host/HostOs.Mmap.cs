using System.Runtime.InteropServices;
using Uapi.Backends;
using static Tmds.Linux.LibC;

namespace Uapi.Host;

internal static unsafe partial class HostOs
{
    public static int Prot(MapAccess access) =>
        ((access & MapAccess.Read) != 0 ? PROT_READ : 0) | ((access & MapAccess.Write) != 0 ? PROT_WRITE : 0);

    /// <summary>mmap(NULL, length, prot, MAP_SHARED, fd, offset): the address, or null with errno read on the next line.</summary>
    public static void* MapShared(int fd, long offset, nuint length, int prot, out Errno errno)
    {
        void* p = mmap(null, (Tmds.Linux.size_t)(ulong)length, prot, MAP_SHARED, fd, offset);
        errno = p == (void*)-1 ? (Errno)Marshal.GetLastPInvokeError() : Errno.None;
        return errno == Errno.None ? p : null;
    }
}
