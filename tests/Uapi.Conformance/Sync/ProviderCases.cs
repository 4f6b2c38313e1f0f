using Uapi.Drm;
using Uapi.Sync;

namespace Uapi.Conformance;

/// <summary>
/// "Give me syncobjs": which provider the probe picks on this backend, and the same Timeline API on each provider the
/// backend has (a DRM file with timelines, /dev/syncobj).
/// </summary>
public class ProviderCases(ITestOutputHelper output)
{
    [Fact]
    public void Open_PrefersDevSyncobj_WhenItExists()
    {
        Capabilities.Require(Capabilities.SyncobjDev);
        using var p = SyncobjProvider.Open(Capabilities.Backend);
        output.WriteLine(p.Description);
        Assert.Equal(SyncobjProviderKind.DevSyncobj, p.Kind);
        Assert.Equal(SyncobjProvider.DevSyncobjPath, p.Path);
        Assert.Equal("eventfd", p.AsyncMechanism);
    }

    [Fact]
    public void Open_WithoutDevSyncobj_PicksARenderNodeWithTimelines()
    {
        Capabilities.RequireAbsent(Capabilities.SyncobjDev);
        Capabilities.Require(Capabilities.SyncobjTimeline);
        using var p = SyncobjProvider.Open(Capabilities.Backend);
        output.WriteLine($"{p.Description}; async waits: {p.AsyncMechanism}");
        Assert.Equal(SyncobjProviderKind.Drm, p.Kind);
        Assert.StartsWith("/dev/dri/renderD", p.Path, StringComparison.Ordinal);
        Assert.Equal(1UL, p.DrmDevice!.GetCap(DrmCapability.SyncobjTimeline));
        Assert.Contains("DRM_CAP_SYNCOBJ_TIMELINE = 1", p.Description, StringComparison.Ordinal);
    }

    /// <summary>Stock 6.1 with vgem and virtio-gpu: no driver has syncobjs and there is no /dev/syncobj.</summary>
    [Fact]
    public void Open_WithNoSyncobjAnywhere_IsNotSupported_NamingEverythingItTried()
    {
        Capabilities.RequireAbsent(Capabilities.SyncobjProvider);
        var e = Assert.Throws<UapiNotSupportedException>(() => SyncobjProvider.Open(Capabilities.Backend));
        output.WriteLine(e.Message);
        Assert.Contains("/dev/syncobj: open failed with ENOENT", e.Message, StringComparison.Ordinal);
        var renderNodes = Capabilities.Backend.EnumerateNodes().Where(n => n.Kind == Backends.DeviceNodeKind.DrmRender).ToList();
        Assert.NotEmpty(renderNodes);
        foreach (var node in renderNodes) Assert.Contains(node.Path + " (", e.Message, StringComparison.Ordinal);
        Assert.Contains("DRM_CAP_SYNCOBJ_TIMELINE = 0", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Kinds => new("drm", "dev");

    /// <summary>The DRM file (vgem with timelines) or /dev/syncobj, each skipping where the backend lacks it.</summary>
    internal static SyncobjProvider Provider(string kind, out IDisposable? owned)
    {
        owned = null;
        if (kind == "dev") return DevSyncobjCases.Open();
        var dev = SyncobjCases.OpenDevice(timeline: true);
        owned = dev;
        return SyncobjProvider.For(dev);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SameTimelineApi_SignalQueryWaitReset(string kind)
    {
        var p = Provider(kind, out var owned);
        using (owned) using (p)
        {
            using var t = Timeline.Create(p);
            Assert.Equal(0UL, t.Query());
            t.Signal(1);
            t.Signal(3);
            Assert.Equal(3UL, t.Query());
            Assert.Equal(3UL, t.QueryLastSubmitted());
            Assert.True(t[2].IsSignaled);
            Assert.True(t[3].IsAvailable);
            Assert.False(t[4].IsSignaled);
            Assert.False(t.Wait(4, SyncTimeout.After(TimeSpan.FromMilliseconds(10))));
            var e = Assert.Throws<UapiException>(() => t.Wait(4, SyncTimeout.Poll, waitForSubmit: false));
            Assert.Equal(Errno.EINVAL, e.Errno);
            Assert.Equal(p.Path, e.DevicePath);
            Assert.Equal(kind == "dev" ? "SYNCOBJ_IOC_WAIT" : "DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT", e.Operation);
            t.Reset();
            Assert.Equal(0UL, t.QueryLastSubmitted());
            t.Dispose();
            Assert.Throws<ObjectDisposedException>(() => t.Signal(1));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SameTimelineApi_WaitAnyAll_Transfer_FdRoundTrip_SyncFile(string kind)
    {
        var p = Provider(kind, out var owned);
        using (owned) using (p)
        {
            using var pending = p.CreateTimeline();
            using var done = p.CreateTimeline(signaled: true);
            Assert.Equal(1, SyncWait.WaitAny([pending[1], done[0]], SyncTimeout.Poll));
            Assert.False(SyncWait.WaitAll([pending[1], done[0]], SyncTimeout.Poll));

            using var dst = p.CreateTimeline();
            dst.TransferFrom(done, 0, 7);
            Assert.Equal(7UL, dst.QueryLastSubmitted());
            Assert.True(dst[7].IsSignaled);

            using (var fd = pending.ExportFd())
            using (var again = p.Import(fd))
            {
                again.Signal(1);
                Assert.True(pending[1].IsSignaled);
            }

            using var file = done.ExportSyncFile();
            Assert.True(file.IsSignaled);
            using var binary = p.CreateTimeline();
            binary.ImportSyncFile(file);
            Assert.True(binary.Wait(0, SyncTimeout.Poll, waitForSubmit: false));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task SameTimelineApi_WaitAsync_CompletesOnSignal_AndCancels(string kind)
    {
        var p = Provider(kind, out var owned);
        using (owned) using (p)
        {
            output.WriteLine($"{kind}: {p.AsyncMechanism}");
            var ct = TestContext.Current.CancellationToken;
            using var t = p.CreateTimeline();
            using var cts = new CancellationTokenSource();
            var cancelled = t.WaitAsync(2, cts.Token);
            var signalled = t[2].WaitAsync(ct);
            var available = t[2].WaitAvailableAsync(ct);
            await Task.Delay(30, ct);
            Assert.False(signalled.IsCompleted || available.IsCompleted || cancelled.IsCompleted);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(10), ct));
            t.Signal(2);
            await Task.WhenAll(signalled, available).WaitAsync(TimeSpan.FromSeconds(10), ct);
        }
    }
}
