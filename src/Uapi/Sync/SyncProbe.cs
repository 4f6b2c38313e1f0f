using Uapi.Drm;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Sync;

/// <summary>Which syncobj features the kernel behind a DRM file has, found by asking it (never by version numbers).</summary>
public static class SyncProbe
{
    /// <summary>DRM_IOCTL_SYNCOBJ_EVENTFD (Linux 6.6+).</summary>
    public static bool HasEventfd(DrmDevice device) => SyncobjAsync.EventfdSupported(device);

    /// <summary>DRM_CAP_SYNCOBJ_TIMELINE: the driver has timeline syncobjs (read once per file).</summary>
    public static bool HasTimelines(DrmDevice device) => DrmSyncState.Of(device).Timelines;

    /// <summary>"eventfd" or "waiter-thread": how <see cref="Timeline.WaitAsync"/> waits on this file.</summary>
    public static string AsyncMechanism(DrmDevice device) => DrmSyncState.Of(device).Async.Mechanism;

    /// <summary>DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE (6.4+): a poll of a signalled syncobj with the flag succeeds.</summary>
    public static bool HasWaitDeadline(DrmDevice device)
    {
        using var t = Timeline.Create(device, signaled: true);
        uint handle = t.Handle;
        return SyncobjWait(device.Fd, new ReadOnlySpan<uint>(in handle), 0, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE, out _,
            deadlineNsec: (ulong)SyncTimeout.MonotonicNowNs()) == 0;
    }

    /// <summary>sync_file import/export at a timeline point (the 2025 `point` field).</summary>
    public static bool HasTimelineSyncFile(DrmDevice device)
    {
        return DrmSyncobjProvider.Of(device).TimelineSyncFileSupported();
    }
}
