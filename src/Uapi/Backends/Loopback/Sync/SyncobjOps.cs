using static Uapi.Raw.Interop.Drm;
using Uapi.Host;

namespace Uapi.Backends.Loopback.Sync;

/// <summary>
/// The syncobj operations that need no DRM file: what drm_syncobj.c offers both the DRM ioctls (by handle) and the
/// /dev/syncobj device (by fd), as the /dev/syncobj series split it out. Each caller checks its own arguments first,
/// in its own order, then comes here. Results are 0 or -errno.
/// </summary>
internal static unsafe class SyncobjOps
{
    /// <summary>5 s: how long TRANSFER (and the kernel's find_fence) waits for a point with WAIT_FOR_SUBMIT.</summary>
    private const long WaitForSubmitTimeoutNs = 5_000_000_000;

    /// <summary>drm_syncobj_timeline_signal: a signalled stub at each point, as a chain link (point 0 too); no points pointer means all 0.</summary>
    public static void TimelineSignal(SyncobjModel[] objs, ulong* points)
    {
        for (int i = 0; i < objs.Length; i++) objs[i].AddPoint(SimpleFenceModel.Stub(), points == null ? 0 : points[i]);
    }

    /// <summary><see cref="TimelineSignal(SyncobjModel[], ulong*)"/> for one syncobj.</summary>
    public static void TimelineSignal(SyncobjModel obj, ulong point) => obj.AddPoint(SimpleFenceModel.Stub(), point);

    /// <summary>drm_syncobj_query: per syncobj, the signalled point (or the last submitted one), written through <paramref name="points"/>.</summary>
    public static int Query(SyncobjModel[] objs, ulong* points, bool lastSubmitted)
    {
        if (points == null) return -(int)Errno.EFAULT;
        for (int i = 0; i < objs.Length; i++) points[i] = objs[i].Query(lastSubmitted);
        return 0;
    }

    /// <summary>drm_syncobj_transfer: to a timeline point through dma_fence_unwrap_merge, to the binary payload as is.</summary>
    public static int Transfer(SyncobjModel src, ulong srcPoint, SyncobjModel dst, ulong dstPoint, uint flags)
    {
        FenceModel? fence;
        if (!src.TryFindFence(srcPoint, out fence))
        {
            if ((flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT) == 0) return -(int)Errno.EINVAL;
            long deadline = HostOs.MonotonicNs() + WaitForSubmitTimeoutNs;
            lock (FenceOps.Lock)
            {
                while (!src.TryFindFence(srcPoint, out fence))
                {
                    long left = deadline - HostOs.MonotonicNs();
                    if (left <= 0) return -(int)Errno.ETIME;
                    Monitor.Wait(FenceOps.Lock, TimeSpan.FromTicks(Math.Max(1, left / 100)));
                }
            }
        }
        fence ??= SimpleFenceModel.Stub();
        if (dstPoint != 0) dst.AddPoint(FenceOps.UnwrapMerge(fence), dstPoint);
        else dst.Replace(fence);
        return 0;
    }

    /// <summary>drm_syncobj_export_sync_file: the fence covering <paramref name="point"/> as a new sync_file fd; EINVAL when there is none.</summary>
    public static int ExportSyncFile(LoopbackBackend backend, SyncobjModel s, ulong point, out int fd)
    {
        fd = -1;
        if (!s.TryFindFence(point, out var fence)) return -(int)Errno.EINVAL;
        int r = backend.Register(new SyncFile(backend, fence ?? SimpleFenceModel.Stub()));
        if (r < 0) return r;
        fd = r;
        return 0;
    }

    /// <summary>drm_syncobj_import_sync_file's second half: a fence at a timeline point (a new chain link), or the binary payload for 0.</summary>
    public static void ImportFence(SyncobjModel s, FenceModel fence, ulong point)
    {
        if (point != 0) s.AddPoint(fence, point);
        else s.Replace(fence);
    }

    /// <summary>
    /// drm_syncobj_register_eventfd: eventfd_ctx_fdget() on the caller's fd (EBADF closed, EINVAL not an eventfd),
    /// then an entry that fires once. Our own files stand on eventfds, but to the kernel they are no eventfds.
    /// </summary>
    public static int RegisterEventfd(LoopbackBackend backend, SyncobjModel s, int eventFd, ulong point, bool available)
    {
        if (backend.Lookup(eventFd) is not null) return -(int)Errno.EINVAL;
        return SyncobjEventfdModel.Arm(s, eventFd, point, available);
    }

    /// <summary>drm_syncobj_array_wait_timeout(): the same checks, first_signaled rules and ETIME on timeout.</summary>
    public static int ArrayWait(SyncobjModel[] objs, ulong* points, uint flags, long timeoutNsec, out uint first)
    {
        first = uint.MaxValue;
        bool waitAll = (flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL) != 0;
        bool available = (flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE) != 0;
        bool forSubmit = (flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT) != 0;
        int n = objs.Length;
        var fences = new FenceModel?[n];
        lock (FenceOps.Lock)
        {
            int signaled = 0;
            for (int i = 0; i < n; i++)
            {
                ulong point = points == null ? 0 : points[i];
                if (!objs[i].TryFindFence(point, out var f))
                {
                    if (forSubmit || available) continue;
                    return -(int)Errno.EINVAL;
                }
                fences[i] = f ?? SimpleFenceModel.Stub();
                if (available || fences[i]!.IsSignaled)
                {
                    if (signaled == 0) first = (uint)i;
                    signaled++;
                }
            }
            if (signaled == n || (signaled > 0 && !waitAll)) return 0;

            long deadline = timeoutNsec; // absolute CLOCK_MONOTONIC; 0 means poll
            while (true)
            {
                signaled = 0;
                for (int i = 0; i < n; i++)
                {
                    if (fences[i] is null && (forSubmit || available))
                    {
                        ulong point = points == null ? 0 : points[i];
                        if (objs[i].TryFindFence(point, out var f)) fences[i] = f ?? SimpleFenceModel.Stub();
                    }
                    var fence = fences[i];
                    if (fence is null) continue;
                    if (available || fence.IsSignaled)
                    {
                        if (waitAll) signaled++;
                        else { first = (uint)i; return 0; }
                    }
                }
                if (signaled == n) return 0;
                long left = deadline == 0 ? 0 : deadline - HostOs.MonotonicNs();
                if (left <= 0) return -(int)Errno.ETIME;
                // Every fence signal and payload change pulses the lock; re-check then.
                Monitor.Wait(FenceOps.Lock, TimeSpan.FromTicks(Math.Max(1, Math.Min(left / 100, TimeSpan.TicksPerSecond))));
            }
        }
    }
}
