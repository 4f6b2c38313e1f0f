using System.Runtime.InteropServices;

namespace Uapi.Raw;

public static partial class Interop
{
    /// <summary>
    /// The one libc call we declare ourselves: ioctl is the hot path, and glibc takes the request as
    /// unsigned long. Tmds.LibC declares it as int, which would need an unchecked cast for every _IOR/_IOWR
    /// number. Everything else comes from Tmds.LibC.
    /// </summary>
    internal static unsafe partial class Libc
    {
        [LibraryImport("libc.so.6", EntryPoint = "ioctl", SetLastError = true)]
        internal static partial int Ioctl(int fd, nuint request, void* arg);
    }
}
