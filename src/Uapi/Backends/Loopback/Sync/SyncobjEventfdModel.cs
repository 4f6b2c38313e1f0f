using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;
using Uapi.Host;

namespace Uapi.Backends.Loopback.Sync;

/// <summary>
/// DRM_IOCTL_SYNCOBJ_EVENTFD (6.6): bump an eventfd by 1 once the point is available (WAIT_AVAILABLE) or
/// signalled. Keeps its own dup of the caller's eventfd, so the caller may close theirs at any time.
/// </summary>
internal sealed class SyncobjEventfdModel
{
    private readonly SyncobjModel _syncobj;
    private readonly ulong _point;
    private readonly bool _available;
    private int _fd;
    private readonly Action _recheck;

    private SyncobjEventfdModel(SyncobjModel syncobj, int fd, ulong point, bool available)
    {
        _syncobj = syncobj;
        _fd = fd;
        _point = point;
        _available = available;
        _recheck = Check;
    }

    /// <summary>Returns 0, or the kernel's errno for an fd that is not an eventfd (EBADF closed, EINVAL other).</summary>
    public static int Arm(SyncobjModel syncobj, int eventFd, ulong point, bool available)
    {
        if (!HostOs.IsOpenFd(eventFd)) return -(int)Errno.EBADF;
        if (!IsEventFd(eventFd)) return -(int)Errno.EINVAL;
        int dup = Handles.FdOps.DupCloexec(eventFd);
        if (dup < 0) return -Marshal.GetLastPInvokeError();
        var w = new SyncobjEventfdModel(syncobj, dup, point, available);
        lock (FenceOps.Lock) w.Check();
        return 0;
    }

    /// <summary>What eventfd_ctx_fdget() checks, read from the fd's /proc link (it works at the fd limit too).</summary>
    private static bool IsEventFd(int fd)
    {
        Span<byte> buffer = stackalloc byte[64];
        return HostOs.FdLink(fd, buffer).SequenceEqual("anon_inode:[eventfd]"u8);
    }

    /// <summary>Under FenceOps.Lock: fire, or wait for a fence callback, or for the point to be submitted.</summary>
    private void Check()
    {
        if (_fd < 0) return;
        if (!_syncobj.TryFindFence(_point, out var fence))
        {
            _syncobj.OnNextChange(_recheck);
            return;
        }
        if (_available || fence is null || !fence.AddCallback(Fire)) Fire();
    }

    private unsafe void Fire()
    {
        if (_fd < 0) return;
        ulong one = 1;
        write(_fd, &one, 8);
        close(_fd);
        _fd = -1;
    }
}
