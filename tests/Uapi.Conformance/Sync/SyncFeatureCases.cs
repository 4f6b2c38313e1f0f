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
        var e = new DrmSyncobjEventfd { Handle = t.Handle, Point = 3, Fd = ev.Handle.DangerousFd };
        Assert.Equal(0, SyncobjCases.Ioctl(dev, DRM_IOCTL_SYNCOBJ_EVENTFD, ref e));
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
        var e = new DrmSyncobjEventfd { Handle = 0x7777, Fd = ev.Handle.DangerousFd };
        Assert.Equal(-(int)Errno.ENOENT, SyncobjCases.Ioctl(dev, DRM_IOCTL_SYNCOBJ_EVENTFD, ref e));
        e = new DrmSyncobjEventfd { Handle = t.Handle, Fd = ev.Handle.DangerousFd, Flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL };
        Assert.Equal(-(int)Errno.EINVAL, SyncobjCases.Ioctl(dev, DRM_IOCTL_SYNCOBJ_EVENTFD, ref e));
        e = new DrmSyncobjEventfd { Handle = t.Handle, Fd = ev.Handle.DangerousFd, Pad = 1 };
        Assert.Equal(-(int)Errno.EINVAL, SyncobjCases.Ioctl(dev, DRM_IOCTL_SYNCOBJ_EVENTFD, ref e));
        using var other = Timeline.Create(dev, signaled: true);
        using var notEventfd = other.ExportFd();
        e = new DrmSyncobjEventfd { Handle = t.Handle, Fd = notEventfd.DangerousFd };
        Assert.Equal(-(int)Errno.EINVAL, SyncobjCases.Ioctl(dev, DRM_IOCTL_SYNCOBJ_EVENTFD, ref e));
    }

    [Fact]
    public unsafe void Eventfd_Absent_IoctlFailsWithEinval_AndWaitAsyncFallsBackToTheWaiterThread()
    {
        using var dev = SyncobjCases.OpenDevice(timeline: true);
        Capabilities.RequireAbsent(Capabilities.SyncobjEventfd);
        using var ev = EventFd.Create();
        var e = new DrmSyncobjEventfd { Handle = 0x7777, Fd = ev.Handle.DangerousFd };
        Assert.Equal(-(int)Errno.EINVAL, SyncobjCases.Ioctl(dev, DRM_IOCTL_SYNCOBJ_EVENTFD, ref e));
        Assert.Equal("waiter-thread", SyncProbe.AsyncMechanism(dev));
    }

    [Fact]
    public unsafe void WaitDeadline_Absent_FlagIsRejectedWithEinval()
    {
        using var dev = SyncobjCases.OpenDevice();
        Capabilities.RequireAbsent(Capabilities.SyncobjDeadline);
        using var t = Timeline.Create(dev, signaled: true);
        uint handle = t.Handle;
        var w = new DrmSyncobjWait { Handles = (ulong)&handle, CountHandles = 1, Flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE };
        Assert.Equal(-(int)Errno.EINVAL, SyncobjCases.Ioctl(dev, DRM_IOCTL_SYNCOBJ_WAIT, ref w));
    }

    [Fact]
    public unsafe void WaitDeadline_Present_IsAcceptedOnBothWaits()
    {
        using var dev = SyncobjCases.OpenDevice(timeline: true);
        Capabilities.Require(Capabilities.SyncobjDeadline);
        using var t = Timeline.Create(dev, signaled: true);
        uint handle = t.Handle;
        ulong point = 0;
        var w = new DrmSyncobjWait { Handles = (ulong)&handle, CountHandles = 1, Flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE, DeadlineNsec = 1 };
        Assert.Equal(0, SyncobjCases.Ioctl(dev, DRM_IOCTL_SYNCOBJ_WAIT, ref w));
        var tw = new DrmSyncobjTimelineWait { Handles = (ulong)&handle, Points = (ulong)&point, CountHandles = 1, Flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE, DeadlineNsec = 1 };
        Assert.Equal(0, SyncobjCases.Ioctl(dev, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, ref tw));
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
        var h = new DrmSyncobjHandle { Handle = t.Handle, Fd = file.Fd.DangerousFd, Point = 5, Flags = DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE | DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE };
        Assert.Equal(-(int)Errno.EINVAL, SyncobjCases.Ioctl(dev, DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, ref h));
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
        var h = new DrmSyncobjHandle { Handle = t.Handle, Point = 3, Flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE };
        Assert.Equal(-(int)Errno.EINVAL, SyncobjCases.Ioctl(dev, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, ref h)); // a point needs the TIMELINE flag
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
