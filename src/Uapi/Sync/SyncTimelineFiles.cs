using Uapi.Handles;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Sync;

/// <summary>
/// sync_file import/export at a timeline point (the 2025 `point` field with *_FLAGS_TIMELINE). Kernels that
/// predate it reject the flag with EINVAL; we probe once per device and say NotSupported rather than let a
/// caller believe a point was imported when only the binary payload could be.
/// </summary>
internal static unsafe class SyncTimelineFiles
{
    public static SyncFile ExportAtPoint(Timeline t, ulong point)
    {
        RequireSupport(t);
        var h = new DrmSyncobjHandle
        {
            Handle = t.Handle, Fd = -1, Point = point,
            Flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE | DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE,
        };
        t.Ioctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &h, nameof(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD));
        return new SyncFile(t.Device.Backend.Adopt(h.Fd, "sync_file"));
    }

    public static void ImportAtPoint(Timeline t, SyncFile file, ulong point)
    {
        RequireSupport(t);
        using var lease = new HandleLease(file.Fd);
        var h = new DrmSyncobjHandle
        {
            Handle = t.Handle, Fd = lease.Fd, Point = point,
            Flags = DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE | DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE,
        };
        t.Ioctl(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &h, nameof(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE));
    }

    private static void RequireSupport(Timeline t)
    {
        if (!Supported(t))
            throw new UapiNotSupportedException("sync_file import/export at a timeline point", t.Device.Path,
                "the kernel rejects DRM_SYNCOBJ_*_FLAGS_TIMELINE (added in 2025); transfer the point to a binary syncobj first");
    }

    /// <summary>
    /// Export of a signalled syncobj's point 0 with the TIMELINE flag: accepted where the flag is known,
    /// EINVAL where it is not (an older kernel checks the flags before anything else).
    /// </summary>
    internal static bool Supported(Timeline t)
    {
        var dev = t.Device;
        if (dev.TimelineSyncFileSupport != 0) return dev.TimelineSyncFileSupport > 0;
        using var probe = Timeline.Create(dev, signaled: true);
        var h = new DrmSyncobjHandle
        {
            Handle = probe.Handle, Fd = -1,
            Flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE | DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE,
        };
        int r = probe.TryIoctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &h);
        if (r == 0) dev.Backend.Adopt(h.Fd, "sync_file").Dispose();
        dev.TimelineSyncFileSupport = r == 0 ? 1 : -1;
        return r == 0;
    }
}
