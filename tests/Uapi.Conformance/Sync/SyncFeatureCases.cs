using Uapi.Async;
using Uapi.Drm;
using Uapi.Sync;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Conformance;

/// <summary>Syncobj features newer than 6.1: used where present, refused cleanly (and never faked) where absent.</summary>
public class SyncFeatureCases
{
    [Fact]
    public async Task Eventfd_Present_FiresWhenThePointSignals_AndWaitAsyncUsesIt()
    {
        using var dev = SyncobjCases.OpenDevice(timeline: true);
        Capabilities.Require(Capabilities.SyncobjEventfd);
        Assert.Equal("eventfd", SyncProbe.AsyncMechanism(dev));
        using var t = Timeline.Create(dev);
        using var ev = EventFd.Create();
        Assert.Equal(0, SyncobjEventfd(dev.Fd, t.Handle, 3, ev.Handle.DangerousFd, 0));
        Assert.False(ev.TryRead(out _));
        t.Signal(3);
        Assert.Equal(1UL, await ev.WaitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public unsafe void Eventfd_Present_RejectsBadInputWithTheKernelsErrno()
    {
        using var dev = SyncobjCases.OpenDevice(timeline: true);
        Capabilities.Require(Capabilities.SyncobjEventfd);
        using var t = Timeline.Create(dev);
        using var ev = EventFd.Create();
        Assert.Equal(-(int)Errno.ENOENT, SyncobjEventfd(dev.Fd, 0x7777, 0, ev.Handle.DangerousFd, 0));
        Assert.Equal(-(int)Errno.EINVAL, SyncobjEventfd(dev.Fd, t.Handle, 0, ev.Handle.DangerousFd, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL));
        var e = new DrmSyncobjEventfd { Handle = t.Handle, Fd = ev.Handle.DangerousFd, Pad = 1 }; // a nonzero pad: beyond what the raw call sends
        Assert.Equal(-(int)Errno.EINVAL, SyncobjCases.Ioctl(dev, DRM_IOCTL_SYNCOBJ_EVENTFD, ref e));
        using var other = Timeline.Create(dev, signaled: true);
        using var notEventfd = other.ExportFd();
        Assert.Equal(-(int)Errno.EINVAL, SyncobjEventfd(dev.Fd, t.Handle, 0, notEventfd.DangerousFd, 0));
        // eventfd_ctx_fdget() on no fd at all (6.12).
        Assert.Equal(-(int)Errno.EBADF, SyncobjEventfd(dev.Fd, t.Handle, 0, -1, 0));
        // The handle is looked up before the fd (6.12): an unknown handle with a bad fd is ENOENT.
        Assert.Equal(-(int)Errno.ENOENT, SyncobjEventfd(dev.Fd, 0x7777, 0, -1, 0));
        // WAIT_AVAILABLE is the one flag it takes.
        Assert.Equal(0, SyncobjEventfd(dev.Fd, t.Handle, 1, ev.Handle.DangerousFd, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE));
    }

    [Fact]
    public unsafe void Eventfd_Absent_IoctlFailsWithEinval_AndWaitAsyncFallsBackToTheWaiterThread()
    {
        using var dev = SyncobjCases.OpenDevice(timeline: true);
        Capabilities.RequireAbsent(Capabilities.SyncobjEventfd);
        using var ev = EventFd.Create();
        Assert.Equal(-(int)Errno.EINVAL, SyncobjEventfd(dev.Fd, 0x7777, 0, ev.Handle.DangerousFd, 0));
        Assert.Equal("waiter-thread", SyncProbe.AsyncMechanism(dev));
    }

    [Fact]
    public unsafe void WaitDeadline_Absent_FlagIsRejectedWithEinval()
    {
        using var dev = SyncobjCases.OpenDevice();
        Capabilities.RequireAbsent(Capabilities.SyncobjDeadline);
        using var t = Timeline.Create(dev, signaled: true);
        uint handle = t.Handle;
        Assert.Equal(-(int)Errno.EINVAL, SyncobjWait(dev.Fd, new ReadOnlySpan<uint>(in handle), 0, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE, out _));
    }

    [Fact]
    public unsafe void WaitDeadline_Present_IsAcceptedOnBothWaits()
    {
        using var dev = SyncobjCases.OpenDevice(timeline: true);
        Capabilities.Require(Capabilities.SyncobjDeadline);
        using var t = Timeline.Create(dev, signaled: true);
        uint handle = t.Handle;
        ulong point = 0;
        Assert.Equal(0, SyncobjWait(dev.Fd, new ReadOnlySpan<uint>(in handle), 0, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE, out _, deadlineNsec: 1));
        Assert.Equal(0, SyncobjTimelineWait(dev.Fd, new ReadOnlySpan<uint>(in handle), new ReadOnlySpan<ulong>(in point), 0,
            DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE, out _, deadlineNsec: 1));
    }

    [Fact]
    public unsafe void TimelineSyncFile_Absent_IsNotSupported_AndTheKernelRejectsTheFlag()
    {
        using var dev = SyncobjCases.OpenDevice(timeline: true);
        Capabilities.RequireAbsent(Capabilities.SyncobjTimelineSyncFile);
        using var t = Timeline.Create(dev);
        t.Signal(3);
        Assert.Throws<UapiNotSupportedException>(() => t.ExportSyncFile(3));
        using var signaled = Timeline.Create(dev, signaled: true);
        using var file = signaled.ExportSyncFile();
        Assert.Throws<UapiNotSupportedException>(() => t.ImportSyncFile(file, 5));
        // Never imported into the binary payload by accident: the raw flag is refused outright.
        uint handle = t.Handle;
        Assert.Equal(-(int)Errno.EINVAL, SyncobjFdToHandle(dev.Fd, file.Fd.DangerousFd,
            DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE | DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE, 5, ref handle));
        Assert.Equal(3UL, t.QueryLastSubmitted());
    }

    [Fact]
    public unsafe void TimelineSyncFile_Present_ExportsAndImportsAtAPoint()
    {
        using var dev = SyncobjCases.OpenDevice(timeline: true);
        Capabilities.Require(Capabilities.SyncobjTimelineSyncFile);
        using var t = Timeline.Create(dev);
        t.Signal(3);
        using var at3 = t.ExportSyncFile(3);
        Assert.True(at3.IsSignaled);
        using var dst = Timeline.Create(dev);
        dst.ImportSyncFile(at3, 9);
        Assert.Equal(9UL, dst.QueryLastSubmitted());
        Assert.True(dst.Wait(9, SyncTimeout.Poll));
        Assert.Equal(-(int)Errno.EINVAL, SyncobjHandleToFd(dev.Fd, t.Handle, DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE, 3, out _)); // a point needs the TIMELINE flag
    }

    [Fact]
    public unsafe void SyncFileDeadline_Present_IsAcceptedOnPendingAndSignalledFences_AndPadMustBeZero()
    {
        using var dev = SyncobjCases.OpenDevice();
        Capabilities.Require(Capabilities.SyncobjDeadline);
        using var t = Timeline.Create(dev, signaled: true);
        using var file = t.ExportSyncFile();
        file.SetDeadline(SyncTimeout.MonotonicNowNs() + 1_000_000);
        // sync_file_ioctl_set_deadline (6.12): pad is checked, the deadline itself is a hint and never refused.
        var d = new Raw.Interop.SyncFile.SyncSetDeadline { DeadlineNs = 1, Pad = 1 }; // a nonzero pad: beyond what the raw call sends
        Assert.Equal(-(int)Errno.EINVAL, file.Fd.Backend.Ioctl(file.Fd, Raw.Interop.SyncFile.SYNC_IOC_SET_DEADLINE, &d));
        Assert.Equal(0, Raw.Interop.SyncFile.SetDeadline(file.Fd, 0));
        Capabilities.Require(Capabilities.SwSync);
        using var sw = SwSyncTimeline.Open(Capabilities.Backend);
        using var pending = sw.CreateFence(1);
        pending.SetDeadline(SyncTimeout.MonotonicNowNs());
        Assert.False(pending.IsSignaled);
        sw.Advance(1);
        Assert.True(pending.Wait(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public unsafe void SyncFileDeadline_Absent_IsNotSupported()
    {
        using var dev = SyncobjCases.OpenDevice();
        Capabilities.RequireAbsent(Capabilities.SyncobjDeadline);
        using var t = Timeline.Create(dev, signaled: true);
        using var file = t.ExportSyncFile();
        Assert.Throws<UapiNotSupportedException>(() => file.SetDeadline(SyncTimeout.MonotonicNowNs()));
    }
}
