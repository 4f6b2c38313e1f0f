using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace Uapi.Host;

internal static unsafe partial class HostOs
{
    /// <summary>fcntl commands for memfd seals (Linux values; Tmds.LibC does not name them).</summary>
    public const int F_ADD_SEALS = 1033, F_GET_SEALS = 1034;

    public const int F_SEAL_SEAL = 0x1, F_SEAL_SHRINK = 0x2, F_SEAL_GROW = 0x4, F_SEAL_WRITE = 0x8;

    /// <summary>
    /// memfd_create(name, MFD_CLOEXEC [| MFD_ALLOW_SEALING]) and ftruncate to <paramref name="size"/>: the fd, or -errno
    /// (the fd is closed again when ftruncate fails), and which of the two failed. <paramref name="name"/> must end in a NUL byte.
    /// </summary>
    public static int MemfdCreate(ReadOnlySpan<byte> name, long size, bool allowSealing, out string failedCall)
    {
        int fd;
        failedCall = "memfd_create";
        fixed (byte* p = name) fd = memfd_create(p, MFD_CLOEXEC | (allowSealing ? MFD_ALLOW_SEALING : 0));
        if (fd < 0) return -Marshal.GetLastPInvokeError();
        if (ftruncate(fd, size) != 0)
        {
            int e = Marshal.GetLastPInvokeError();
            close(fd);
            failedCall = "ftruncate";
            return -e;
        }
        return fd;
    }

    /// <summary>F_GET_SEALS: the seals, or -errno (EINVAL for a file that is not shmem).</summary>
    public static int GetSeals(int fd)
    {
        int r = fcntl(fd, F_GET_SEALS);
        return r >= 0 ? r : -Marshal.GetLastPInvokeError();
    }

    /// <summary>F_ADD_SEALS: 0 or -errno.</summary>
    public static int AddSeals(int fd, int seals) => fcntl(fd, F_ADD_SEALS, seals) == 0 ? 0 : -Marshal.GetLastPInvokeError();
}
