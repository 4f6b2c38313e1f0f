using System.Runtime.InteropServices;
using Uapi.Drm;
using Uapi.Handles;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Sync;

/// <summary>
/// Syncobjs as handles on one DRM file (drm_syncobj.c's ioctls), issued through the raw calls. Per-file probes and
/// the async waiter live in the file's <see cref="DrmSyncState"/>, shared by every provider of the file.
/// </summary>
internal sealed class DrmSyncobjProvider : SyncobjProvider
{
    private const int StackLimit = 64;

    private readonly DrmSyncState _state;
    private readonly DrmDevice _device;
    private readonly bool _ownsDevice;
    private string? _description;

    internal DrmSyncobjProvider(DrmSyncState state, bool ownsDevice)
    {
        _state = state;
        _device = state.Device;
        _ownsDevice = ownsDevice;
    }

    /// <summary>The device's own (non-owning) provider, made once.</summary>
    internal static DrmSyncobjProvider Of(DrmDevice device) => DrmSyncState.Of(device).Provider;

    internal DrmSyncState State => _state;

    public override SyncobjProviderKind Kind => SyncobjProviderKind.Drm;
    public override DrmDevice DrmDevice => _device;
    internal override UapiFd Fd => _device.Fd;

    public override string Description => _description ??=
        $"{Path} ({DriverName(_device)}, DRM file): syncobjs are handles on it, DRM_CAP_SYNCOBJ_TIMELINE = {(_state.Timelines ? 1 : 0)}";

    internal override SyncobjAsync Async => _state.Async;

    private protected override Timeline CreateCore(bool signaled)
    {
        int r = SyncobjCreate(Fd, signaled ? DRM_SYNCOBJ_CREATE_SIGNALED : 0, out uint handle);
        UapiException.Check(r, Fd, nameof(DRM_IOCTL_SYNCOBJ_CREATE));
        return new Timeline(this, handle);
    }

    private protected override Timeline ImportCore(SafeHandle syncobjFd)
    {
        using var lease = new HandleLease(syncobjFd);
        uint handle = 0;
        UapiException.Check(SyncobjFdToHandle(Fd, lease.Fd, 0, 0, ref handle), Fd, nameof(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE));
        return new Timeline(this, handle);
    }

    internal override void Signal(Timeline t, ulong point)
    {
        uint handle = t.DrmHandle;
        if (point == 0)
            UapiException.Check(SyncobjSignal(Fd, new ReadOnlySpan<uint>(in handle)), Fd, nameof(DRM_IOCTL_SYNCOBJ_SIGNAL));
        else
            UapiException.Check(SyncobjTimelineSignal(Fd, new ReadOnlySpan<uint>(in handle), new ReadOnlySpan<ulong>(in point)),
                Fd, nameof(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL));
    }

    internal override void Reset(Timeline t)
    {
        uint handle = t.DrmHandle;
        UapiException.Check(SyncobjReset(Fd, new ReadOnlySpan<uint>(in handle)), Fd, nameof(DRM_IOCTL_SYNCOBJ_RESET));
    }

    internal override ulong Query(Timeline t, bool lastSubmitted)
    {
        uint handle = t.DrmHandle;
        ulong point = 0;
        int r = SyncobjQuery(Fd, new ReadOnlySpan<uint>(in handle), new Span<ulong>(ref point), lastSubmitted ? DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED : 0);
        UapiException.Check(r, Fd, nameof(DRM_IOCTL_SYNCOBJ_QUERY));
        return point;
    }

    internal override bool Wait(Timeline t, ulong point, SyncTimeout timeout, bool waitForSubmit, bool available)
    {
        uint handle = t.DrmHandle;
        return WaitHandles(new ReadOnlySpan<uint>(in handle), new ReadOnlySpan<ulong>(in point), timeout,
            WaitFlags(waitAll: true, waitForSubmit, available), out _);
    }

    internal override bool WaitPoints(ReadOnlySpan<SyncPoint> points, SyncTimeout timeout, bool waitAll, bool waitForSubmit, out uint first)
    {
        Span<uint> handles = points.Length <= StackLimit ? stackalloc uint[points.Length] : new uint[points.Length];
        Span<ulong> values = points.Length <= StackLimit ? stackalloc ulong[points.Length] : new ulong[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            handles[i] = points[i].Timeline.DrmHandle;
            values[i] = points[i].Value;
        }
        return WaitHandles(handles, values, timeout, WaitFlags(waitAll, waitForSubmit, available: false), out first);
    }

    internal static uint WaitFlags(bool waitAll, bool waitForSubmit, bool available) =>
        (waitAll ? DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL : 0) | (waitForSubmit ? DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT : 0)
        | (available ? DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE : 0);

    /// <summary>
    /// TIMELINE_WAIT over (handle, point) pairs; plain WAIT when every point is 0 and the driver has no timelines.
    /// True when the condition held, false on ETIME; other errors throw.
    /// </summary>
    internal bool WaitHandles(ReadOnlySpan<uint> handles, ReadOnlySpan<ulong> points, SyncTimeout timeout, uint flags, out uint firstSignaled)
    {
        bool available = (flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE) != 0;
        long timeoutNs = timeout.ToKernelAbsoluteNs();
        int r = !available && !_state.Timelines && points.IndexOfAnyExcept(0UL) < 0
            ? SyncobjWait(Fd, handles, timeoutNs, flags, out firstSignaled)
            : SyncobjTimelineWait(Fd, handles, points, timeoutNs, flags, out firstSignaled);
        if (r == 0) return true;
        if (r == -(int)Errno.ETIME) return false;
        UapiException.Throw(r, Fd, available || _state.Timelines ? nameof(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT) : nameof(DRM_IOCTL_SYNCOBJ_WAIT));
        return false;
    }

    /// <summary>Handles name syncobjs on one DRM file only.</summary>
    internal override bool CanWaitWith(SyncobjProvider other) => ReferenceEquals(other.DrmDevice, _device);

    internal override void Transfer(Timeline source, ulong srcPoint, Timeline destination, ulong dstPoint, bool waitForSubmit)
    {
        int r = SyncobjTransfer(Fd, source.DrmHandle, srcPoint, destination.DrmHandle, dstPoint,
            waitForSubmit ? DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT : 0);
        UapiException.Check(r, Fd, nameof(DRM_IOCTL_SYNCOBJ_TRANSFER));
    }

    internal override UapiFd ExportFd(Timeline t)
    {
        UapiException.Check(SyncobjHandleToFd(Fd, t.DrmHandle, 0, 0, out int fd), Fd, nameof(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD));
        return _device.Backend.Adopt(fd, "syncobj");
    }

    /// <summary>Point 0 is the binary payload; any other point needs the 2025 TIMELINE flag (probed once per file).</summary>
    internal override SyncFile ExportSyncFile(Timeline t, ulong point)
    {
        uint flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE;
        if (point != 0)
        {
            RequireTimelineSyncFile();
            flags |= DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE;
        }
        UapiException.Check(SyncobjHandleToFd(Fd, t.DrmHandle, flags, point, out int fd), Fd, nameof(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD));
        return new SyncFile(_device.Backend.Adopt(fd, "sync_file"));
    }

    internal override void ImportSyncFile(Timeline t, SyncFile file, ulong point)
    {
        uint flags = DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE;
        if (point != 0)
        {
            RequireTimelineSyncFile();
            flags |= DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE;
        }
        using var lease = new HandleLease(file.Fd);
        uint handle = t.DrmHandle;
        UapiException.Check(SyncobjFdToHandle(Fd, lease.Fd, flags, point, ref handle), Fd, nameof(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE));
    }

    // Kernels before the 2025 point field reject the flag with EINVAL: say NotSupported rather than let a caller
    // believe a point was imported when only the binary payload could be.
    private void RequireTimelineSyncFile()
    {
        if (!TimelineSyncFileSupported())
            throw new UapiNotSupportedException("sync_file import/export at a timeline point", _device.Path,
                "the kernel rejects DRM_SYNCOBJ_*_FLAGS_TIMELINE (added in 2025); transfer the point to a binary syncobj first");
    }

    /// <summary>
    /// Export of a signalled syncobj's point 0 with the TIMELINE flag: accepted where the flag is known, EINVAL where
    /// it is not (an older kernel checks the flags before anything else). Probed once per file.
    /// </summary>
    internal bool TimelineSyncFileSupported()
    {
        if (_state.TimelineSyncFileSupport != 0) return _state.TimelineSyncFileSupport > 0;
        using var probe = CreateTimeline(signaled: true);
        int r = SyncobjHandleToFd(Fd, probe.DrmHandle, DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE | DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE, 0, out int fd);
        if (r == 0) _device.Backend.Adopt(fd, "sync_file").Dispose();
        _state.TimelineSyncFileSupport = r == 0 ? 1 : -1;
        return r == 0;
    }

    internal override void ArmEventfd(Timeline t, ulong point, bool available, UapiFd eventFd)
    {
        using var lease = new HandleLease(eventFd);
        int r = SyncobjEventfd(Fd, t.DrmHandle, point, lease.Fd, available ? DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE : 0);
        UapiException.Check(r, Fd, nameof(DRM_IOCTL_SYNCOBJ_EVENTFD));
    }

    public override void Dispose()
    {
        if (_ownsDevice) _device.Dispose();
    }
}
