using Uapi.Async;
using Uapi.Drm;
using Uapi.Sync;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Conformance;

/// <summary>Syncobj ioctls on vgem: bad input and its errno, binary and timeline payloads, as the kernel answers them.</summary>
public unsafe class SyncobjCases
{
    internal static DrmDevice OpenDevice(bool timeline = false)
    {
        Capabilities.Require(Capabilities.Syncobj);
        if (timeline) Capabilities.Require(Capabilities.SyncobjTimeline);
        return DrmDevice.Open(Capabilities.FindRenderNode("vgem")!, Capabilities.Backend);
    }

    // Hand-built structs, for what the raw calls never send: nonzero pads, sentinels the kernel must leave alone.
    internal static int Ioctl<T>(DrmDevice dev, uint request, ref T arg) where T : unmanaged
    {
        fixed (T* p = &arg) return dev.Backend.Ioctl(dev.Fd, request, p);
    }

    private static int WaitRaw(DrmDevice dev, uint[] handles, uint flags, long timeoutNs, out uint first)
    {
        fixed (uint* h = handles)
        {
            var w = new DrmSyncobjWait { Handles = (ulong)h, CountHandles = (uint)handles.Length, Flags = flags, TimeoutNsec = timeoutNs, FirstSignaled = 0x1234 };
            int r = Ioctl(dev, DRM_IOCTL_SYNCOBJ_WAIT, ref w);
            first = w.FirstSignaled;
            return r;
        }
    }

    private static int TimelineWaitRaw(DrmDevice dev, uint[] handles, ulong[] points, uint flags, long timeoutNs, out uint first)
    {
        fixed (uint* h = handles)
        fixed (ulong* p = points)
        {
            var w = new DrmSyncobjTimelineWait { Handles = (ulong)h, Points = (ulong)p, CountHandles = (uint)handles.Length, Flags = flags, TimeoutNsec = timeoutNs, FirstSignaled = 0x1234 };
            int r = Ioctl(dev, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, ref w);
            first = w.FirstSignaled;
            return r;
        }
    }

    private const int EINVAL = -(int)Errno.EINVAL, ENOENT = -(int)Errno.ENOENT, ETIME = -(int)Errno.ETIME;

    [Fact]
    public void Create_UnknownFlag_FailsWithEinval()
    {
        using var dev = OpenDevice();
        Assert.Equal(EINVAL, SyncobjCreate(dev.Fd, 2, out _));
    }

    [Fact]
    public void Destroy_UnknownHandle_FailsWithEinval_AndNonzeroPadToo()
    {
        using var dev = OpenDevice();
        Assert.Equal(EINVAL, SyncobjDestroy(dev.Fd, 0x7777));
        using var t = Timeline.Create(dev);
        var d = new DrmSyncobjDestroy { Handle = t.Handle, Pad = 1 };
        Assert.Equal(EINVAL, Ioctl(dev, DRM_IOCTL_SYNCOBJ_DESTROY, ref d));
    }

    [Fact]
    public void Wait_OnUnsubmittedSyncobj_WithoutWaitForSubmit_FailsWithEinval_WithItTimesOut()
    {
        using var dev = OpenDevice();
        using var t = Timeline.Create(dev);
        Assert.Equal(EINVAL, WaitRaw(dev, [t.Handle], 0, 0, out _));
        Assert.Equal(ETIME, WaitRaw(dev, [t.Handle], DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, 0, out _));
        Assert.False(t.Wait(0, SyncTimeout.Poll));
        var e = Assert.Throws<UapiException>(() => t.Wait(0, SyncTimeout.Poll, waitForSubmit: false));
        Assert.Equal(Errno.EINVAL, e.Errno);
    }

    [Fact]
    public void Wait_CreatedSignaled_SucceedsAtOnce_WithFirstSignaledZero()
    {
        using var dev = OpenDevice();
        using var t = Timeline.Create(dev, signaled: true);
        Assert.Equal(0, WaitRaw(dev, [t.Handle], 0, 0, out uint first));
        Assert.Equal(0u, first);
    }

    [Fact]
    public void Wait_ZeroHandles_FailsWithEinvalOn61_AndSucceedsOn612()
    {
        // 6.1 refuses an empty array; 6.12's drm_syncobj_wait_ioctl returns 0 before looking anything up.
        using var dev = OpenDevice();
        Assert.Equal(Capabilities.ByKernel(EINVAL, 0), WaitRaw(dev, [], 0, 0, out _));
    }

    [Fact]
    public void Wait_UnknownHandle_FailsWithEnoent()
    {
        using var dev = OpenDevice();
        Assert.Equal(ENOENT, WaitRaw(dev, [0x7777], 0, 0, out _));
    }

    [Theory]
    [InlineData(DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE)]
    [InlineData(1u << 7)]
    public void Wait_BinaryWaitWithFlagItDoesNotTake_FailsWithEinval(uint flag)
    {
        using var dev = OpenDevice();
        using var t = Timeline.Create(dev, signaled: true);
        Assert.Equal(EINVAL, WaitRaw(dev, [t.Handle], flag, 0, out _));
    }

    [Fact]
    public void Wait_AbsoluteTimeoutInThePast_TimesOutAtOnce()
    {
        using var dev = OpenDevice();
        using var t = Timeline.Create(dev);
        Assert.Equal(ETIME, WaitRaw(dev, [t.Handle], DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, 1, out _));
        Assert.False(t.Wait(0, SyncTimeout.AtMonotonicNs(SyncTimeout.MonotonicNowNs() - 1_000_000)));
    }

    [Fact]
    public void WaitAny_ReportsTheSignalledIndex_WaitAllTimesOut()
    {
        using var dev = OpenDevice();
        using var pending = Timeline.Create(dev);
        using var done = Timeline.Create(dev, signaled: true);
        Assert.Equal(0, WaitRaw(dev, [pending.Handle, done.Handle], DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, 0, out uint first));
        Assert.Equal(1u, first);
        Assert.Equal(ETIME, WaitRaw(dev, [pending.Handle, done.Handle], DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, 0, out _));
        Assert.Equal(1, SyncWait.WaitAny([pending[0], done[0]], SyncTimeout.Poll));
        Assert.False(SyncWait.WaitAll([pending[0], done[0]], SyncTimeout.Poll));
    }

    [Theory]
    [InlineData(DRM_IOCTL_SYNCOBJ_RESET)]
    [InlineData(DRM_IOCTL_SYNCOBJ_SIGNAL)]
    public void ResetAndSignal_RejectZeroCountPadAndUnknownHandles(uint request)
    {
        using var dev = OpenDevice();
        using var t = Timeline.Create(dev);
        uint handle = t.Handle, bad = 0x7777;
        var a = new DrmSyncobjArray { Handles = (ulong)&handle, CountHandles = 0 };
        Assert.Equal(EINVAL, Ioctl(dev, request, ref a));
        a = new DrmSyncobjArray { Handles = (ulong)&handle, CountHandles = 1, Pad = 1 };
        Assert.Equal(EINVAL, Ioctl(dev, request, ref a));
        a = new DrmSyncobjArray { Handles = (ulong)&bad, CountHandles = 1 };
        Assert.Equal(ENOENT, Ioctl(dev, request, ref a));
    }

    [Fact]
    public void Signal_ThenReset_LeavesTheSyncobjUnsubmittedAgain()
    {
        using var dev = OpenDevice();
        using var t = Timeline.Create(dev);
        t.Signal();
        Assert.True(t.Wait(0, SyncTimeout.Poll, waitForSubmit: false));
        t.Reset();
        Assert.Equal(EINVAL, WaitRaw(dev, [t.Handle], 0, 0, out _));
    }

    [Fact]
    public void OpaqueFd_SharesTheSyncobjAcrossFiles()
    {
        using var a = OpenDevice();
        using var b = OpenDevice();
        using var t = Timeline.Create(a);
        using var fd = t.ExportFd();
        using var imported = Timeline.Import(b, fd);
        Assert.False(imported.Wait(0, SyncTimeout.Poll));
        t.Signal();
        Assert.True(imported.Wait(0, SyncTimeout.Poll));
    }

    [Fact]
    public void HandleToFd_Errors_MatchTheKernel()
    {
        using var dev = OpenDevice();
        using var t = Timeline.Create(dev);
        Assert.Equal(EINVAL, SyncobjHandleToFd(dev.Fd, 0x7777, 0, 0, out _));           // opaque export of an unknown handle
        Assert.Equal(ENOENT, SyncobjHandleToFd(dev.Fd, 0x7777, DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE, 0, out _)); // sync_file export of an unknown handle
        Assert.Equal(EINVAL, SyncobjHandleToFd(dev.Fd, t.Handle, DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE, 0, out _)); // nothing submitted to export
        var h = new DrmSyncobjHandle { Handle = t.Handle, Pad = 1 };
        Assert.Equal(EINVAL, Ioctl(dev, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, ref h));
        Assert.Equal(EINVAL, SyncobjHandleToFd(dev.Fd, t.Handle, 1u << 5, 0, out _));
    }

    [Fact]
    public void FdToHandle_Errors_MatchTheKernel()
    {
        using var dev = OpenDevice();
        using var t = Timeline.Create(dev);
        using var ev = EventFd.Create();
        uint none = 0, target = t.Handle, unknown = 0x7777;
        Assert.Equal(EINVAL, SyncobjFdToHandle(dev.Fd, ev.Handle.DangerousFd, 0, 0, ref none));           // not a syncobj fd
        Assert.Equal(EINVAL, SyncobjFdToHandle(dev.Fd, ev.Handle.DangerousFd, DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE, 0, ref target)); // not a sync_file
        using var signaled = Timeline.Create(dev, signaled: true);
        using var file = signaled.ExportSyncFile();
        Assert.Equal(ENOENT, SyncobjFdToHandle(dev.Fd, file.Fd.DangerousFd, DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE, 0, ref unknown)); // sync_file into an unknown handle
        var h = new DrmSyncobjHandle { Fd = file.Fd.DangerousFd, Pad = 1 };
        Assert.Equal(EINVAL, Ioctl(dev, DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, ref h));
    }

    // CREATE_SIGNALED and SIGNAL put dma_fence_allocate_private_stub() in the syncobj: context 0, seqno 0, so
    // sync_file_get_name() calls the exported file "stub-stub0-0" (6.1 and 6.12 alike).
    [Fact]
    public void SyncFile_FromSignaledSyncobj_IsTheSignalledStub_NamedOnContextZero()
    {
        using var dev = OpenDevice();
        using var t = Timeline.Create(dev, signaled: true);
        using var file = t.ExportSyncFile();
        Assert.True(file.IsSignaled);
        var info = file.Info();
        Assert.Equal(1, info.Status);
        Assert.Equal("stub-stub0-0", info.Name);
        var fence = Assert.Single(info.Fences);
        Assert.Equal("stub", fence.DriverName);
        Assert.Equal("stub", fence.TimelineName);
        Assert.Equal(1, fence.Status);
        Assert.True(fence.TimestampNs > 0);

        using var later = Timeline.Create(dev);
        Assert.Equal(0, SyncobjSignal(dev.Fd, [later.Handle]));
        using var signalled = later.ExportSyncFile();
        Assert.Equal("stub-stub0-0", signalled.Info().Name);
    }

    [Fact]
    public void TimelineSignal_ThenQuery_ReportsTheHighestPoint_AndLastSubmitted()
    {
        using var dev = OpenDevice(timeline: true);
        using var t = Timeline.Create(dev);
        Assert.Equal(0UL, t.Query());
        t.Signal(1);
        t.Signal(2);
        t.Signal(5);
        Assert.Equal(5UL, t.Query());
        Assert.Equal(5UL, t.QueryLastSubmitted());
        Assert.True(t.Wait(4, SyncTimeout.Poll, waitForSubmit: false));
    }

    // dma_fence_chain_init: a point not later than the head starts a new context with seqno max(head, point), so the
    // timeline never goes back (drm_syncobj_add_point only logs "unorder point"); the same in 6.1 and 6.12.
    [Fact]
    public void TimelineSignal_OutOfOrderPoint_KeepsTheHead_WaitAndTransferStillWork()
    {
        using var dev = OpenDevice(timeline: true);
        using var t = Timeline.Create(dev);
        t.Signal(5);
        t.Signal(3);
        Assert.Equal(5UL, t.Query());
        Assert.Equal(5UL, t.QueryLastSubmitted());
        Assert.Equal(0, TimelineWaitRaw(dev, [t.Handle], [5], 0, 0, out _));
        Assert.Equal(0, TimelineWaitRaw(dev, [t.Handle], [3], 0, 0, out _));
        Assert.Equal(EINVAL, TimelineWaitRaw(dev, [t.Handle], [6], 0, 0, out _));
        using var dst = Timeline.Create(dev);
        dst.TransferFrom(t, 5, 1);
        Assert.Equal(1UL, dst.Query());
        // A later point goes on top of the new context as usual.
        t.Signal(7);
        Assert.Equal(7UL, t.Query());
        Assert.True(t.Wait(7, SyncTimeout.Poll, waitForSubmit: false));
    }

    [Fact]
    public void TimelineWait_PointPastTheHead_FailsWithEinval_UnlessWaitForSubmit()
    {
        using var dev = OpenDevice(timeline: true);
        using var t = Timeline.Create(dev);
        t.Signal(2);
        Assert.Equal(EINVAL, TimelineWaitRaw(dev, [t.Handle], [3], 0, 0, out _));
        Assert.Equal(ETIME, TimelineWaitRaw(dev, [t.Handle], [3], DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, 0, out _));
        Assert.Equal(0, TimelineWaitRaw(dev, [t.Handle], [2], 0, 0, out uint first));
        Assert.Equal(0u, first);
    }

    [Fact]
    public void TimelineSignal_And_Query_RejectBadInput()
    {
        using var dev = OpenDevice(timeline: true);
        using var t = Timeline.Create(dev);
        uint handle = t.Handle, bad = 0x7777;
        ulong point = 1;
        var a = new DrmSyncobjTimelineArray { Handles = (ulong)&handle, Points = (ulong)&point, CountHandles = 1, Flags = 1 };
        Assert.Equal(EINVAL, Ioctl(dev, DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, ref a));
        a = new DrmSyncobjTimelineArray { Handles = (ulong)&handle, Points = (ulong)&point, CountHandles = 0 };
        Assert.Equal(EINVAL, Ioctl(dev, DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, ref a));
        Assert.Equal(EINVAL, Ioctl(dev, DRM_IOCTL_SYNCOBJ_QUERY, ref a));
        a = new DrmSyncobjTimelineArray { Handles = (ulong)&bad, Points = (ulong)&point, CountHandles = 1 };
        Assert.Equal(ENOENT, Ioctl(dev, DRM_IOCTL_SYNCOBJ_QUERY, ref a));
        a = new DrmSyncobjTimelineArray { Handles = (ulong)&handle, Points = (ulong)&point, CountHandles = 1, Flags = 2 };
        Assert.Equal(EINVAL, Ioctl(dev, DRM_IOCTL_SYNCOBJ_QUERY, ref a));
    }

    [Fact]
    public void Transfer_BetweenBinaryAndTimeline_MovesTheFence_AndRejectsPad()
    {
        using var dev = OpenDevice(timeline: true);
        using var binary = Timeline.Create(dev, signaled: true);
        using var timeline = Timeline.Create(dev);
        timeline.TransferFrom(binary, 0, 7);
        Assert.Equal(7UL, timeline.QueryLastSubmitted());
        Assert.True(timeline.Wait(7, SyncTimeout.Poll, waitForSubmit: false));
        using var back = Timeline.Create(dev);
        back.TransferFrom(timeline, 7, 0);
        Assert.True(back.Wait(0, SyncTimeout.Poll, waitForSubmit: false));
        var t = new DrmSyncobjTransfer { SrcHandle = binary.Handle, DstHandle = timeline.Handle, DstPoint = 8, Pad = 1 };
        Assert.Equal(EINVAL, Ioctl(dev, DRM_IOCTL_SYNCOBJ_TRANSFER, ref t));
        t = new DrmSyncobjTransfer { SrcHandle = 0x7777, DstHandle = timeline.Handle, DstPoint = 8 };
        Assert.Equal(ENOENT, Ioctl(dev, DRM_IOCTL_SYNCOBJ_TRANSFER, ref t));
        using var empty = Timeline.Create(dev);
        t = new DrmSyncobjTransfer { SrcHandle = empty.Handle, DstHandle = timeline.Handle, DstPoint = 8 };
        Assert.Equal(EINVAL, Ioctl(dev, DRM_IOCTL_SYNCOBJ_TRANSFER, ref t));
    }

    [Fact]
    public void Destroy_ByDispose_MakesTheHandleUnknown()
    {
        using var dev = OpenDevice();
        var t = Timeline.Create(dev);
        uint handle = t.Handle;
        t.Dispose();
        Assert.Equal(ENOENT, WaitRaw(dev, [handle], 0, 0, out _));
        Assert.Throws<ObjectDisposedException>(() => t.Signal());
    }
}
