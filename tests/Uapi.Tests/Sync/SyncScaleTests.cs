using Uapi.Backends.Loopback;
using Uapi.Sync;
using Uapi.TestShared;

namespace Uapi.Tests;

/// <summary>
/// Scale, stress and allocation of the syncobj paths, each on a loopback built for it: the waiter thread (a DRM file
/// without SYNCOBJ_EVENTFD, as on 6.1), eventfd waits on a DRM file (6.6+), and /dev/syncobj. These count fds and may
/// run the process up to its fd limit, so nothing else runs beside them.
/// </summary>
[Collection(nameof(FdTable))]
public class SyncScaleTests(ITestOutputHelper output)
{
    /// <summary>"drm-6.1": vgem without EVENTFD; "drm": vgem with it; "dev": /dev/syncobj.</summary>
    public static TheoryData<string> Paths => new("drm-6.1", "drm", "dev");

    /// <summary>What SyncobjProvider.Open picks on each loopback: it owns what it opened.</summary>
    private static SyncobjProvider Provider(string path)
    {
        var p = SyncobjProvider.Open(LoopbackBackend.Standard(path switch
        {
            "drm-6.1" => StandardDeviceOptions.TestKernel61,
            "drm" => StandardDeviceOptions.Current with { DevSyncobj = false },
            "dev" => StandardDeviceOptions.Current,
            _ => throw new ArgumentException(path),
        }));
        Assert.Equal(path == "dev" ? SyncobjProviderKind.DevSyncobj : SyncobjProviderKind.Drm, p.Kind);
        return p;
    }

    [Fact]
    public async Task TenThousandPendingWaits_WaiterThreadPath_EachCompleteOnce()
    {
        using var p = Provider("drm-6.1");
        Assert.Equal("waiter-thread", p.AsyncMechanism);
        var r = await SyncLoad.PendingWaitsAsync(p, 10_000, pointsPerTimeline: 4, TimeSpan.FromSeconds(120), stopAtFdLimit: false,
            TestContext.Current.CancellationToken);
        output.WriteLine(r.ToString());
        Assert.Null(r.StoppedBy);
        Assert.Equal(10_000, r.Registered);
        Assert.Equal(10_000, r.Completed);
        Assert.Equal(0, r.Wrong);
    }

    /// <summary>
    /// Each eventfd wait holds one eventfd, and the loopback's model holds a dup of it (standing in for the kernel's
    /// eventfd_ctx reference), so 10,000 waits need 20,000 fds: more than RLIMIT_NOFILE here. The wait that finds no fd
    /// fails with EMFILE; everything registered before it must still complete exactly once.
    /// </summary>
    [Theory]
    [InlineData("drm")]
    [InlineData("dev")]
    public async Task PendingWaits_EventfdPath_UpTo10000OrTheFdLimit_EachCompleteOnce(string path)
    {
        using var p = Provider(path);
        Assert.Equal("eventfd", p.AsyncMechanism);
        var (limit, open) = SyncLoad.FdBudget();
        var r = await SyncLoad.PendingWaitsAsync(p, 10_000, pointsPerTimeline: 4, TimeSpan.FromSeconds(120), stopAtFdLimit: true,
            TestContext.Current.CancellationToken);
        output.WriteLine($"{path}: RLIMIT_NOFILE {limit}, {open} fds open before: {r}");
        Assert.Equal(r.Registered, r.Completed);
        Assert.Equal(0, r.Wrong);
        if (r.StoppedBy is null) Assert.Equal(10_000, r.Registered);
        else
        {
            Assert.Contains("EMFILE", r.StoppedBy, StringComparison.Ordinal);
            // Two fds per wait (and one per /dev/syncobj timeline): the limit, not the library, is what stopped it.
            double perWait = 2 + (path == "dev" ? 0.25 : 0);
            double expected = (limit - open - SyncLoad.FdReserve) / perWait;
            output.WriteLine($"{path}: {limit - open} fds free at the start, {SyncLoad.FdReserve} held back: {expected:F0} waits expected at {perWait} fds each");
            Assert.True(r.Registered >= expected - 16, $"only {r.Registered} waits before EMFILE, {expected:F0} expected");
        }
        // Every fd the waits took came back.
        Assert.True(SyncLoad.FdBudget().Open <= open + 8, $"fds open after: {SyncLoad.FdBudget().Open}, before: {open}");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void EightThreads_SignalAndWait_ForTwoSeconds_LoseNoWakeup(string path)
    {
        using var p = Provider(path);
        var r = SyncLoad.SignalAndWait(p, threads: 8, TimeSpan.FromSeconds(2), patience: TimeSpan.FromSeconds(10));
        output.WriteLine($"{path}: {r}");
        Assert.True(r.Lost == 0, r.FirstLoss);
        Assert.True(r.SyncWaits > 0 && r.AsyncWaits > 0 && r.Signals > 0, r.ToString());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void HotPath_SignalQueryWaitAndIsSignaled_AllocateNothing(string path)
    {
        using var p = Provider(path);
        using var t = p.CreateTimeline();
        using var pending = p.CreateTimeline();
        t.Signal(1);
        ulong next = 2;
        var results = new Dictionary<string, double>
        {
            ["Signal"] = SyncLoad.BytesPerCall(() => t.Signal(next++)),
            ["Query"] = SyncLoad.BytesPerCall(() => t.Query()),
            ["QueryLastSubmitted"] = SyncLoad.BytesPerCall(() => t.QueryLastSubmitted()),
            ["Wait(signalled)"] = SyncLoad.BytesPerCall(() => t.Wait(1, SyncTimeout.Poll)),
            ["Wait(poll, pending)"] = SyncLoad.BytesPerCall(() => pending.Wait(1, SyncTimeout.Poll)),
            ["SyncPoint.IsSignaled"] = SyncLoad.BytesPerCall(() => _ = t[1].IsSignaled),
            ["SyncWait.WaitAny"] = SyncLoad.BytesPerCall(() => SyncWait.WaitAny([pending[1], t[1]], SyncTimeout.Poll)),
        };
        foreach (var (what, bytes) in results) output.WriteLine($"{path}: {what}: {bytes} bytes per call");
        Assert.All(results, kv => Assert.True(kv.Value == 0, $"{kv.Key} allocates {kv.Value} bytes per call on {path}"));
    }
}
