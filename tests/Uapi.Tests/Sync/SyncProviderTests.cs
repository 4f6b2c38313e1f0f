using Uapi.Backends.Loopback;
using Uapi.Drm;
using Uapi.Sync;

namespace Uapi.Tests;

/// <summary>
/// Provider probing on loopbacks shaped like each kernel we know: a current one with /dev/syncobj, our 6.1 test kernel
/// (vgem with timelines, no /dev/syncobj), and stock 6.1 (no syncobj anywhere).
/// </summary>
public class SyncProviderTests
{
    [Fact]
    public void Open_PrefersDevSyncobj()
    {
        var lb = LoopbackBackend.Standard();
        using var p = SyncobjProvider.Open(lb);
        Assert.Equal(SyncobjProviderKind.DevSyncobj, p.Kind);
        Assert.Equal("/dev/syncobj", p.Path);
        Assert.Null(p.DrmDevice);
        Assert.Equal("eventfd", p.AsyncMechanism);
        Assert.Contains("/dev/syncobj", p.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WithoutDevSyncobj_PicksTheRenderNodeWithTimelines()
    {
        var lb = LoopbackBackend.Standard(StandardDeviceOptions.TestKernel61);
        using var p = SyncobjProvider.Open(lb);
        Assert.Equal(SyncobjProviderKind.Drm, p.Kind);
        Assert.Equal("/dev/dri/renderD128", p.Path);
        Assert.Equal("vgem", p.DrmDevice!.Version().Name);
        Assert.Contains("vgem", p.Description, StringComparison.Ordinal);
        Assert.Contains("DRM_CAP_SYNCOBJ_TIMELINE = 1", p.Description, StringComparison.Ordinal);
        Assert.Equal("waiter-thread", p.AsyncMechanism);
    }

    [Fact]
    public void Open_WithNoSyncobjAnywhere_IsNotSupported_AndNamesWhatItTried()
    {
        var lb = LoopbackBackend.Standard(StandardDeviceOptions.Stock61);
        var e = Assert.Throws<UapiNotSupportedException>(() => SyncobjProvider.Open(lb));
        Assert.Contains("/dev/syncobj: open failed with ENOENT", e.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/dri/renderD128 (vgem): DRM_CAP_SYNCOBJ_TIMELINE = 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/dri/renderD129 (virtio_gpu): DRM_CAP_SYNCOBJ_TIMELINE = 0", e.Message, StringComparison.Ordinal);
        Assert.False(SyncobjProvider.TryOpen(out var none, out var tried, lb));
        Assert.Null(none);
        Assert.Contains("renderD129", tried, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DisposingTheProvider_ClosesWhatItOpened()
    {
        var lb = LoopbackBackend.Standard(StandardDeviceOptions.TestKernel61);
        var p = SyncobjProvider.Open(lb);
        var device = p.DrmDevice!;
        p.Dispose();
        Assert.True(device.Fd.IsClosed);
        // A non-owning provider leaves the device alone.
        using var dev = DrmDevice.Open("/dev/dri/renderD128", lb);
        SyncobjProvider.For(dev).Dispose();
        Assert.False(dev.Fd.IsClosed);
    }

    [Theory]
    [InlineData(StandardProvider.Drm)]
    [InlineData(StandardProvider.Dev)]
    public void Timeline_KeepsItsProvidersNodeOpen_UntilItIsDisposed(StandardProvider which)
    {
        var lb = LoopbackBackend.Standard(which == StandardProvider.Drm ? StandardDeviceOptions.TestKernel61 : StandardDeviceOptions.Current);
        var p = SyncobjProvider.Open(lb);
        var node = p.Fd;
        var t = p.CreateTimeline();
        p.Dispose();
        Assert.False(node.IsClosed);
        t.Signal(1); // a disposed SafeHandle that is still referenced stays usable
        Assert.Equal(1UL, t.Query());
        t.Dispose();
        Assert.True(node.IsClosed);
    }

    public enum StandardProvider { Drm, Dev }

    [Fact]
    public void DevTimeline_HasNoDrmHandle_ButImportsIntoADrmFile()
    {
        var lb = LoopbackBackend.Standard();
        using var p = SyncobjProvider.OpenDevSyncobj(lb);
        using var t = p.CreateTimeline();
        Assert.NotNull(t.SyncobjFd);
        Assert.Throws<InvalidOperationException>(() => t.Handle);
        Assert.Throws<InvalidOperationException>(() => t.Device);
        using var dev = DrmDevice.Open("/dev/dri/renderD128", lb);
        using var onDrm = t.ImportInto(dev);
        t.Signal(4);
        Assert.Equal(4UL, onDrm.Query());
        Assert.NotEqual(0u, onDrm.Handle);
    }

    [Fact]
    public void MixedProviders_InOneWaitOrTransfer_AreRefused()
    {
        var lb = LoopbackBackend.Standard();
        using var p = SyncobjProvider.OpenDevSyncobj(lb);
        using var dev = DrmDevice.Open("/dev/dri/renderD128", lb);
        using var a = p.CreateTimeline(signaled: true);
        using var b = Timeline.Create(dev, signaled: true);
        Assert.Throws<ArgumentException>(() => SyncWait.WaitAll([a[0], b[0]], SyncTimeout.Poll));
        Assert.Throws<ArgumentException>(() => a.TransferFrom(b, 0, 1));
        Assert.Throws<ArgumentException>(() => b.TransferFrom(a, 0, 1));
    }

    [Fact]
    public void DevImport_OfAnFdThatIsNoSyncobj_FailsWithEbadf_NamingTheIoctlAndNode()
    {
        var lb = LoopbackBackend.Standard();
        using var p = SyncobjProvider.OpenDevSyncobj(lb);
        using var ev = Async.EventFd.Create();
        var e = Assert.Throws<UapiException>(() => p.Import(ev.Handle));
        Assert.Equal(Errno.EBADF, e.Errno);
        Assert.Equal("SYNCOBJ_IOC_QUERY", e.Operation);
        Assert.Equal("/dev/syncobj", e.DevicePath);
    }

    [Fact]
    public void DevImport_OfAnFdFromAnotherSafeHandle_KeepsTheSyncobj()
    {
        var lb = LoopbackBackend.Standard();
        using var p = SyncobjProvider.OpenDevSyncobj(lb);
        using var t = p.CreateTimeline();
        using var fd = t.ExportFd();
        // A plain SafeHandle on the same number, as an fd received from elsewhere would arrive (not owning it).
        using var foreign = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd.DangerousGetHandle(), ownsHandle: false);
        using var imported = p.Import(foreign);
        t.Signal(2);
        Assert.Equal(2UL, imported.Query());
    }
}

/// <summary>The loopback's timelines collect their signalled links as drm_syncobj_add_point does, keeping pending ones.</summary>
public class SyncobjChainTests
{
    private static int ChainLength(Timeline t)
    {
        var model = ((Backends.Loopback.Sync.SyncobjFile)t.SyncobjFd!.Model!).Syncobj;
        int n = 0;
        for (var f = model.Fence; f is Backends.Loopback.Sync.ChainFenceModel c; f = c.Prev) n++;
        return n;
    }

    [Fact]
    public void ManySignalledPoints_LeaveAShortChain_ButAPendingLinkStays_AndStillGates()
    {
        var lb = LoopbackBackend.Standard();
        using var p = SyncobjProvider.OpenDevSyncobj(lb);
        using var t = p.CreateTimeline();
        for (ulong i = 1; i <= 10_000; i++) t.Signal(i);
        Assert.True(ChainLength(t) <= 2, $"{ChainLength(t)} links after 10,000 signalled points");
        Assert.Equal(10_000UL, t.Query());
        Assert.True(t[5_000].IsSignaled);                    // collected links still count as signalled

        using var sw = SwSyncTimeline.Open(lb);
        using (var pending = sw.CreateFence(1)) t.ImportSyncFile(pending, 10_001);
        for (ulong i = 10_002; i <= 12_000; i++) t.Signal(i);
        Assert.True(ChainLength(t) <= 3, $"{ChainLength(t)} links with one pending");
        Assert.Equal(10_000UL, t.Query());                   // the pending point still holds the timeline back
        Assert.False(t[12_000].IsSignaled);
        sw.Advance();
        Assert.True(t[12_000].Wait(SyncTimeout.After(TimeSpan.FromSeconds(5))));
        Assert.Equal(12_000UL, t.Query());
    }
}
