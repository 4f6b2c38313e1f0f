using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace Uapi.Host;

internal static unsafe partial class HostOs
{
    /// <summary>"/proc/self/fd/N" or "/proc/self/fdinfo/N" with a NUL, written into <paramref name="path"/> without allocating.</summary>
    private static ReadOnlySpan<byte> ProcFdPath(ReadOnlySpan<byte> dir, int fd, Span<byte> path)
    {
        dir.CopyTo(path);
        int n = dir.Length;
        fd.TryFormat(path[n..], out int digits, default, System.Globalization.CultureInfo.InvariantCulture);
        path[n + digits] = 0;
        return path[..(n + digits + 1)];
    }

    /// <summary>
    /// readlink("/proc/self/fd/N") into <paramref name="buffer"/>: the target ("anon_inode:[eventfd]", "/memfd:NAME
    /// (deleted)"), empty for a closed fd. readlink needs no fd of its own, so it answers at the fd limit too.
    /// </summary>
    public static ReadOnlySpan<byte> FdLink(int fd, Span<byte> buffer)
    {
        Span<byte> buf = stackalloc byte[32];
        var path = ProcFdPath("/proc/self/fd/"u8, fd, buf);
        long len;
        fixed (byte* p = path)
        fixed (byte* t = buffer)
            len = (long)readlink(p, t, (Tmds.Linux.size_t)(ulong)buffer.Length);
        return len > 0 ? buffer[..(int)len] : default;
    }

    /// <summary>fcntl(F_GETFD) succeeds: the number is an open fd of this process.</summary>
    public static bool IsOpenFd(int fd) => fd >= 0 && fcntl(fd, F_GETFD) >= 0;

    /// <summary>open("/proc/self/fd/N", flags | O_CLOEXEC): a new open file of the same inode with other access, or -errno.</summary>
    public static int ReopenFd(int fd, int flags)
    {
        Span<byte> buf = stackalloc byte[32];
        var path = ProcFdPath("/proc/self/fd/"u8, fd, buf);
        int r;
        fixed (byte* p = path) r = open(p, flags | O_CLOEXEC, 0);
        return r >= 0 ? r : -Marshal.GetLastPInvokeError();
    }

    /// <summary>The text after "<paramref name="field"/>" in /proc/self/fdinfo/N (e.g. "exp_name:"), trimmed, or null.</summary>
    public static string? FdInfoText(int fd, string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/fdinfo/" + fd.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return line[field.Length..].Trim();
        }
        catch (IOException) { }
        return null;
    }

    /// <summary>The number after "<paramref name="field"/>" in /proc/self/fdinfo/N (e.g. "Pid:"), or null.</summary>
    public static long? FdInfoField(int fd, string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/fdinfo/" + fd.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(field.Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException) { }
        return null;
    }
}
