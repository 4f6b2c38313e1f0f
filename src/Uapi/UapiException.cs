using System.Runtime.CompilerServices;
using Uapi.Handles;

namespace Uapi;

/// <summary>
/// A kernel call failed. Carries the errno (raw Linux value), the operation (ioctl or syscall name) and the path
/// of the device the fd was opened from, so "SYNCOBJ_WAIT on /dev/dri/renderD128: ETIME" reads like strace.
/// </summary>
public class UapiException : IOException
{
    public UapiException(Errno errno, string operation, string? path, string? detail = null)
        : base(Format(errno, operation, path, detail), -(int)errno)
    {
        Errno = errno;
        Operation = operation;
        DevicePath = path;
    }

    public Errno Errno { get; }
    public string ErrnoName => Errno.Name();
    public string Operation { get; }
    public string? DevicePath { get; }

    /// <summary>A raw call's result passed through, or thrown naming the ioctl, the device and the errno.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Check(int result, UapiFd fd, string operation)
    {
        if (result < 0) Throw(result, fd, operation);
        return result;
    }

    // Kept out of line so the checked call stays small enough to inline.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Throw(int negErrno, UapiFd fd, string operation) => throw new UapiException((Errno)(-negErrno), operation, fd.Path);

    private static string Format(Errno errno, string operation, string? path, string? detail)
    {
        var where = path is null ? "" : " on " + path;
        var extra = detail is null ? "" : " (" + detail + ")";
        return $"{operation}{where} failed: {errno.Name()} ({errno.Message()}){extra}";
    }
}
