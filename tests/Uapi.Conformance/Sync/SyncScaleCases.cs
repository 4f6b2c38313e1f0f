using Uapi.Sync;
using Uapi.TestShared;

namespace Uapi.Conformance;

/// <summary>
/// The provider <see cref="SyncobjProvider.Open"/> picks, under load: thousands of pending async waits, threads signalling
/// and waiting at once, and a hot path that allocates nothing. On 6.1 this is the waiter-thread path on vgem.
/// </summary>
public class SyncScaleCases(ITestOutputHelper output)
{
    private static SyncobjProvider Open()
    {
        Capabilities.Require(Capabilities.SyncobjProvider);
        return SyncobjProvider.Open(Capabilities.Backend);
    }

    /// <summary>
    /// 10,000 waits, each completing exactly once. The eventfd path holds an fd per pending wait (two on the loopback,
    /// whose model dups the eventfd where the kernel keeps a reference), so there the count is what RLIMIT_NOFILE leaves
    /// room for; the unit tests measure that limit. The waiter thread holds no fd per wait.
    /// </summary>
    [Fact]
    public async Task TenThousandPendingWaits_EachCompleteOnce()
    {
        using var p = Open();
        const int pointsPerTimeline = 4;
        int count = 10_000;
        if (p.AsyncMechanism == "eventfd")
        {
            var (limit, open) = SyncLoad.FdBudget();
            double perWait = 1 + (p.Backend.Name == "loopback" ? 1 : 0) + (p.Kind == SyncobjProviderKind.DevSyncobj ? 1.0 / pointsPerTimeline : 0);
            count = (int)Math.Min(count, (limit - open - 512) / perWait);
            output.WriteLine($"eventfd path: RLIMIT_NOFILE {limit}, {open} open, {perWait} fds per wait: {count} waits");
            // A real kernel costs one fd per wait, and the VM runner raises RLIMIT_NOFILE: all 10,000 must fit there.
            if (p.Backend.Name == "kernel") Assert.Equal(10_000, count);
        }
        var r = await SyncLoad.PendingWaitsAsync(p, count, pointsPerTimeline, TimeSpan.FromSeconds(300), stopAtFdLimit: false,
            TestContext.Current.CancellationToken);
        output.WriteLine($"{p.Description}: {r}");
        Assert.Equal(count, r.Registered);
        Assert.Equal(count, r.Completed);
        Assert.Equal(0, r.Wrong);
    }

    [Fact]
    public void EightThreads_SignalAndWait_ForTwoSeconds_LoseNoWakeup()
    {
        using var p = Open();
        var r = SyncLoad.SignalAndWait(p, threads: 8, TimeSpan.FromSeconds(2), patience: TimeSpan.FromSeconds(20));
        output.WriteLine($"{p.Description}: {r}");
        Assert.True(r.Lost == 0, r.FirstLoss);
        Assert.True(r.SyncWaits > 0 && r.AsyncWaits > 0, r.ToString());
    }

    /// <summary>The library's own allocations per call; on the loopback the device models' are left out, as a kernel's would be.</summary>
    [Fact]
    public void HotPath_SignalQueryWaitAndIsSignaled_AllocateNothing()
    {
        using var p = Open();
        using var t = p.CreateTimeline();
        using var pending = p.CreateTimeline();
        t.Signal(1);
        ulong next = 2;
        var results = new Dictionary<string, double>
        {
            ["Signal"] = SyncLoad.BytesPerCall(() => t.Signal(next++), 500),
            ["Query"] = SyncLoad.BytesPerCall(() => t.Query(), 500),
            ["Wait(signalled)"] = SyncLoad.BytesPerCall(() => t.Wait(1, SyncTimeout.Poll), 500),
            ["Wait(poll, pending)"] = SyncLoad.BytesPerCall(() => pending.Wait(1, SyncTimeout.Poll), 500),
            ["SyncPoint.IsSignaled"] = SyncLoad.BytesPerCall(() => _ = t[1].IsSignaled, 500),
        };
        foreach (var (what, bytes) in results) output.WriteLine($"{p.Path}: {what}: {bytes} bytes per call");
        Assert.All(results, kv => Assert.True(kv.Value == 0, $"{kv.Key} allocates {kv.Value} bytes per call"));
    }
}
