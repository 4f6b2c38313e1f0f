using Uapi.Async;
using Uapi.Drm;
using Uapi.Raw;
using Uapi.Sync;
using static Uapi.Raw.Interop.Syncobj;

namespace Uapi.Conformance;

/// <summary>
/// /dev/syncobj (the 2026 RFC, FACTS §7): each op's checks and errno as drivers/misc/syncobj.c makes them, on syncobj fds.
/// No kernel we boot has the device, so these run on the loopback; on a real kernel the absence itself is the case.
/// </summary>
public class DevSyncobjCases
{
    private const int EINVAL = -(int)Errno.EINVAL, EBADF = -(int)Errno.EBADF, ETIME = -(int)Errno.ETIME, ENOTTY = -(int)Errno.ENOTTY;

    internal static SyncobjProvider Open()
    {
        Capabilities.Require(Capabilities.SyncobjDev);
        return SyncobjProvider.OpenDevSyncobj(Capabilities.Backend);
    }

    // Hand-built, for what the raw calls never send: nonzero pads, null point arrays, sentinels, other sizes.
    private static unsafe int Ioctl<T>(SyncobjProvider dev, uint request, ref T arg) where T : unmanaged
    {
        fixed (T* p = &arg) return dev.Backend.Ioctl(dev.Fd, request, p);
    }

    private static int Fd(Timeline t) => t.SyncobjFd!.DangerousFd;

    private static unsafe int WaitRaw(SyncobjProvider dev, int[] fds, ulong[]? points, uint flags, long timeoutNs, out uint first, uint pad = 0)
    {
        fixed (int* f = fds)
        fixed (ulong* p = points)
        {
            var w = new SyncobjWaitArgs { Fds = (ulong)f, Points = (ulong)p, Count = (uint)fds.Length, Flags = flags, TimeoutNsec = timeoutNs, Pad = pad, FirstSignaled = 0x1234 };
            int r = Ioctl(dev, SYNCOBJ_IOC_WAIT, ref w);
            first = w.FirstSignaled;
            return r;
        }
    }

    private static unsafe int ArrayRaw(SyncobjProvider dev, uint request, int[] fds, ulong[]? points, uint flags = 0)
    {
        fixed (int* f = fds)
        fixed (ulong* p = points)
        {
            var a = new SyncobjArrayArgs { Fds = (ulong)f, Points = (ulong)p, Count = (uint)fds.Length, Flags = flags };
            return Ioctl(dev, request, ref a);
        }
    }

    [Fact]
    public void Create_UnknownFlag_FailsWithEinval()
    {
        using var dev = Open();
        Assert.Equal(EINVAL, Interop.Syncobj.Create(dev.Fd, 2, out _));
    }

    [Fact]
    public void Create_ReturnsACloexecSyncobjFd_SignalledWhenAsked()
    {
        using var dev = Open();
        var c = new SyncobjCreateArgs { Fd = -1, Flags = SYNCOBJ_CREATE_SIGNALED };
        Assert.Equal(0, Ioctl(dev, SYNCOBJ_IOC_CREATE, ref c));
        using var signaled = dev.Backend.Adopt(c.Fd, "syncobj");
        var flags = File.ReadAllLines($"/proc/self/fdinfo/{c.Fd}").Single(l => l.StartsWith("flags:", StringComparison.Ordinal));
        Assert.NotEqual(0, Convert.ToInt64(flags.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1], 8) & 0x80000);
        Assert.Equal(0, WaitRaw(dev, [c.Fd], null, 0, 0, out uint first));
        Assert.Equal(0u, first);

        c = new SyncobjCreateArgs { Fd = -1 };
        Assert.Equal(0, Ioctl(dev, SYNCOBJ_IOC_CREATE, ref c));
        using var empty = dev.Backend.Adopt(c.Fd, "syncobj");
        Assert.Equal(EINVAL, WaitRaw(dev, [c.Fd], null, 0, 0, out _));                                  // nothing submitted
        Assert.Equal(ETIME, WaitRaw(dev, [c.Fd], null, SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, 0, out first));
        Assert.Equal(0x1234u, first);                                                                   // written on success only
    }

    [Fact]
    public void Wait_ChecksFlagsAndPadFirst_ZeroCountSucceeds_AndAnythingButASyncobjFdIsEbadf()
    {
        using var dev = Open();
        using var t = dev.CreateTimeline(signaled: true);
        Assert.Equal(EINVAL, WaitRaw(dev, [Fd(t)], null, 1u << 4, 0, out _));
        Assert.Equal(EINVAL, WaitRaw(dev, [Fd(t)], null, 0, 0, out _, pad: 1));
        var none = new SyncobjWaitArgs { Fds = 0, Count = 0 };
        Assert.Equal(0, Ioctl(dev, SYNCOBJ_IOC_WAIT, ref none));
        using var ev = EventFd.Create();
        Assert.Equal(EBADF, WaitRaw(dev, [ev.Handle.DangerousFd], null, 0, 0, out _));
        Assert.Equal(EBADF, WaitRaw(dev, [Fd(t), -1], null, 0, 0, out _));
        using var file = t.ExportSyncFile();
        Assert.Equal(EBADF, WaitRaw(dev, [file.Fd.DangerousFd], null, 0, 0, out _));                    // a sync_file is not a syncobj
    }

    [Fact]
    public void Wait_TakesAllFourFlags_AvailableAndDeadlineToo_AndReportsTheFirstSignalled()
    {
        using var dev = Open();
        using var pending = dev.CreateTimeline();
        using var done = dev.CreateTimeline(signaled: true);
        const uint all = SYNCOBJ_WAIT_FLAGS_WAIT_ALL | SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT | SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE | SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE;
        Assert.Equal(0, WaitRaw(dev, [Fd(done)], [0], all, 0, out _));
        Assert.Equal(0, WaitRaw(dev, [Fd(pending), Fd(done)], [0, 0], SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, 0, out uint first));
        Assert.Equal(1u, first);
        Assert.Equal(ETIME, WaitRaw(dev, [Fd(pending), Fd(done)], [0, 0], SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT | SYNCOBJ_WAIT_FLAGS_WAIT_ALL, 0, out _));
        pending.Signal(3);
        Assert.Equal(0, WaitRaw(dev, [Fd(pending)], [3], SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE, 0, out _));
        Assert.Equal(EINVAL, WaitRaw(dev, [Fd(pending)], [4], 0, 0, out _));                           // past the head, without WAIT_FOR_SUBMIT
    }

    [Fact]
    public void Reset_RejectsFlagsPointsAndZeroCount_ThenDropsThePayload()
    {
        using var dev = Open();
        using var t = dev.CreateTimeline(signaled: true);
        Assert.Equal(EINVAL, ArrayRaw(dev, SYNCOBJ_IOC_RESET, [Fd(t)], null, flags: 1));
        Assert.Equal(EINVAL, ArrayRaw(dev, SYNCOBJ_IOC_RESET, [Fd(t)], [0]));                           // any points pointer, even to zeros
        Assert.Equal(EINVAL, ArrayRaw(dev, SYNCOBJ_IOC_RESET, [], null));
        Assert.Equal(EBADF, ArrayRaw(dev, SYNCOBJ_IOC_RESET, [-1], null));
        Assert.Equal(0, ArrayRaw(dev, SYNCOBJ_IOC_RESET, [Fd(t)], null));
        Assert.Equal(EINVAL, WaitRaw(dev, [Fd(t)], null, 0, 0, out _));
    }

    [Fact]
    public void Signal_RejectsFlagsAndZeroCount_SignalsThePoints_AndNoPointsMeansPointZero()
    {
        using var dev = Open();
        using var a = dev.CreateTimeline();
        using var b = dev.CreateTimeline();
        Assert.Equal(EINVAL, ArrayRaw(dev, SYNCOBJ_IOC_SIGNAL, [Fd(a)], [1], flags: 1));
        Assert.Equal(EINVAL, ArrayRaw(dev, SYNCOBJ_IOC_SIGNAL, [], [1]));
        Assert.Equal(EBADF, ArrayRaw(dev, SYNCOBJ_IOC_SIGNAL, [Fd(a), -1], [1, 1]));
        Assert.Equal(0, ArrayRaw(dev, SYNCOBJ_IOC_SIGNAL, [Fd(a), Fd(b)], [5, 7]));
        Assert.Equal(5UL, a.Query());
        Assert.Equal(7UL, b.Query());
        using var c = dev.CreateTimeline();
        Assert.Equal(0, ArrayRaw(dev, SYNCOBJ_IOC_SIGNAL, [Fd(c)], null));
        Assert.True(c.Wait(0, SyncTimeout.Poll, waitForSubmit: false));
    }

    [Fact]
    public void Query_RejectsUnknownFlags_AndWritesThroughPoints_DespiteItsIow()
    {
        using var dev = Open();
        using var t = dev.CreateTimeline();
        t.Signal(2);
        t.Signal(6);
        Assert.Equal(Ioc.Write, Ioc.Dir(SYNCOBJ_IOC_QUERY));
        Assert.Equal(EINVAL, ArrayRaw(dev, SYNCOBJ_IOC_QUERY, [Fd(t)], [0], flags: 2));
        Assert.Equal(EINVAL, ArrayRaw(dev, SYNCOBJ_IOC_QUERY, [], [0]));
        ulong[] points = [0];
        Assert.Equal(0, ArrayRaw(dev, SYNCOBJ_IOC_QUERY, [Fd(t)], points, SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED));
        Assert.Equal(6UL, points[0]);
    }

    [Fact]
    public void Transfer_ChecksPadFlagsAndBothFds_ThenMovesTheFence()
    {
        using var dev = Open();
        using var src = dev.CreateTimeline(signaled: true);
        using var dst = dev.CreateTimeline();
        var t = new SyncobjTransferArgs { SrcFd = Fd(src), DstFd = Fd(dst), DstPoint = 3, Pad = 1 };
        Assert.Equal(EINVAL, Ioctl(dev, SYNCOBJ_IOC_TRANSFER, ref t));
        Assert.Equal(EINVAL, Interop.Syncobj.Transfer(dev.Fd, Fd(src), 0, Fd(dst), 3, SYNCOBJ_WAIT_FLAGS_WAIT_ALL));
        Assert.Equal(EBADF, Interop.Syncobj.Transfer(dev.Fd, -1, 0, Fd(dst), 3, 0));
        Assert.Equal(EBADF, Interop.Syncobj.Transfer(dev.Fd, Fd(src), 0, -1, 3, 0));
        using var empty = dev.CreateTimeline();
        Assert.Equal(EINVAL, Interop.Syncobj.Transfer(dev.Fd, Fd(empty), 0, Fd(dst), 3, 0));              // nothing at the source point
        Assert.Equal(0, Interop.Syncobj.Transfer(dev.Fd, Fd(src), 0, Fd(dst), 3, 0));
        Assert.Equal(3UL, dst.QueryLastSubmitted());
        Assert.True(dst.Wait(3, SyncTimeout.Poll));
    }

    [Fact]
    public async Task Eventfd_ChecksFlagsPadAndBothFds_ThenFiresOnceThePointSignals()
    {
        using var dev = Open();
        using var t = dev.CreateTimeline();
        using var ev = EventFd.Create();
        Assert.Equal(EINVAL, Interop.Syncobj.Eventfd(dev.Fd, Fd(t), 2, ev.Handle.DangerousFd, SYNCOBJ_WAIT_FLAGS_WAIT_ALL));
        var e = new SyncobjEventfdArgs { SyncobjFd = Fd(t), Eventfd = ev.Handle.DangerousFd, Point = 2, Pad = 1 };
        Assert.Equal(EINVAL, Ioctl(dev, SYNCOBJ_IOC_EVENTFD, ref e));
        Assert.Equal(EBADF, Interop.Syncobj.Eventfd(dev.Fd, ev.Handle.DangerousFd, 2, ev.Handle.DangerousFd, 0)); // an eventfd is no syncobj
        using var other = dev.CreateTimeline();
        Assert.Equal(EINVAL, Interop.Syncobj.Eventfd(dev.Fd, Fd(t), 2, Fd(other), 0));                    // a syncobj fd is no eventfd
        Assert.Equal(EBADF, Interop.Syncobj.Eventfd(dev.Fd, Fd(t), 2, -1, 0));

        Assert.Equal(0, Interop.Syncobj.Eventfd(dev.Fd, Fd(t), 2, ev.Handle.DangerousFd, 0));
        t.Signal(1);
        Assert.False(ev.TryRead(out _));
        t.Signal(2);
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(1UL, await ev.WaitAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct));
    }

    [Fact]
    public void SyncFile_ExportAndImport_AtAnyPoint_WithTheKernelsErrno()
    {
        using var dev = Open();
        using var t = dev.CreateTimeline();
        Assert.Equal(EBADF, Interop.Syncobj.ExportSyncFile(dev.Fd, -1, 0, out _));
        Assert.Equal(EINVAL, Interop.Syncobj.ExportSyncFile(dev.Fd, Fd(t), 1, out _));                  // nothing at point 1
        t.Signal(1);
        using var at1 = t.ExportSyncFile(1);
        Assert.True(at1.IsSignaled);
        using var dst = dev.CreateTimeline();
        dst.ImportSyncFile(at1, 9);
        Assert.Equal(9UL, dst.QueryLastSubmitted());
        using var ev = EventFd.Create();
        Assert.Equal(EINVAL, Interop.Syncobj.ImportSyncFile(dev.Fd, Fd(dst), 10, ev.Handle.DangerousFd)); // not a sync_file
        Assert.Equal(EBADF, Interop.Syncobj.ImportSyncFile(dev.Fd, ev.Handle.DangerousFd, 10, at1.Fd.DangerousFd));
    }

    [Fact]
    public void UnknownRequests_AndOtherSizes_AreEnotty()
    {
        using var dev = Open();
        var c = new SyncobjCreateArgs();
        Assert.Equal(ENOTTY, Ioctl(dev, Ioc.IOWR<SyncobjCreateArgs>(0xCD, 9), ref c));
        var shortWait = new Interop.Drm.DrmSyncobjWait(); // 40 bytes: the driver matches the whole request number
        Assert.Equal(ENOTTY, Ioctl(dev, Ioc.IOWR<Interop.Drm.DrmSyncobjWait>(0xCD, 1), ref shortWait));
    }

    [Fact]
    public void DrmSyncobjFds_WorkOnDevSyncobj_AndDevSyncobjFds_OnADrmFile()
    {
        using var dev = Open();
        using var drm = SyncobjCases.OpenDevice(timeline: true);
        using var onDrm = Timeline.Create(drm);
        using (var fd = onDrm.ExportFd())
        using (var viaDev = dev.Import(fd))
        {
            viaDev.Signal(3);
            Assert.Equal(3UL, onDrm.Query());
        }
        using var fromDev = dev.CreateTimeline();
        using var handle = fromDev.ImportInto(drm);
        handle.Signal(5);
        Assert.Equal(5UL, fromDev.Query());
    }

    [Fact]
    public void Absent_OpenFailsWithEnoent_AndTheProviderSaysSo()
    {
        Capabilities.RequireAbsent(Capabilities.SyncobjDev);
        Assert.Equal(Errno.ENOENT, Capabilities.Backend.TryOpen(SyncobjProvider.DevSyncobjPath, Backends.OpenFlags.ReadWrite, out var fd));
        Assert.Null(fd);
        var e = Assert.Throws<UapiNotSupportedException>(() => SyncobjProvider.OpenDevSyncobj(Capabilities.Backend));
        Assert.Contains("/dev/syncobj: open failed with ENOENT", e.Message, StringComparison.Ordinal);
    }
}
