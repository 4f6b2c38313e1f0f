namespace Uapi.Sync;

/// <summary>Waits on many points at once: all of them, or the first to signal. All points come from one provider (one DRM file, or /dev/syncobj).</summary>
public static class SyncWait
{
    /// <summary>Waits until every point signalled. False on timeout.</summary>
    public static bool WaitAll(ReadOnlySpan<SyncPoint> points, SyncTimeout timeout, bool waitForSubmit = true) =>
        WaitPoints(points, timeout, waitAll: true, waitForSubmit, out _);

    /// <summary>Waits until any point signalled; the index of one that did, or -1 on timeout.</summary>
    public static int WaitAny(ReadOnlySpan<SyncPoint> points, SyncTimeout timeout, bool waitForSubmit = true) =>
        WaitPoints(points, timeout, waitAll: false, waitForSubmit, out uint first) ? (int)first : -1;

    private static bool WaitPoints(ReadOnlySpan<SyncPoint> points, SyncTimeout timeout, bool waitAll, bool waitForSubmit, out uint first)
    {
        if (points.IsEmpty) throw new ArgumentException("no points to wait on", nameof(points));
        var provider = points[0].Timeline.Provider;
        for (int i = 0; i < points.Length; i++)
        {
            var t = points[i].Timeline;
            if (!provider.CanWaitWith(t.Provider))
                throw new ArgumentException(provider.Kind == SyncobjProviderKind.Drm
                    ? "all points of one wait must be on the same DRM file"
                    : "all points of one wait must be /dev/syncobj fds of one backend", nameof(points));
            t.ThrowIfDisposed();
        }
        return provider.WaitPoints(points, timeout, waitAll, waitForSubmit, out first);
    }
}
