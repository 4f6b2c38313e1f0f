using Uapi.Async;
using Uapi.Drm;
using Uapi.Sync;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Conformance;

/// <summary>Waits, queries, sync_files and async completion with real pending fences from sw_sync.</summary>
public class PendingFenceCases
{
    private static (DrmDevice Dev, SwSyncTimeline Sw) Open(bool timeline = true)
    {
        Capabilities.Require(Capabilities.SwSync);
        var dev = SyncobjCases.OpenDevice(timeline);
        return (dev, SwSyncTimeline.Open(Capabilities.Backend));
    }

    /// <summary>A timeline whose point <paramref name="point"/> carries a pending sw_sync fence at <paramref name="value"/>.</summary>
    private static Timeline PendingAt(DrmDevice dev, SwSyncTimeline sw, uint value, Timeline? into = null, ulong point = 1)
    {
        using var file = sw.CreateFence(value);
        using var binary = Timeline.Create(dev);
        binary.ImportSyncFile(file);
        var t = into ?? Timeline.Create(dev);
        t.TransferFrom(binary, 0, point);
        return t;
    }

    [Fact]
    public unsafe void SyncFile_FromSwSync_IsPendingUntilTheTimelineAdvances()
    {
        var (dev, sw) = Open(timeline: false);
        using (dev) using (sw)
        {
            using var file = sw.CreateFence(1, "frame");
            Assert.False(file.IsSignaled);
            var info = file.Info();
            Assert.Equal(0, info.Status);
            var fence = Assert.Single(info.Fences);
            Assert.Equal("sw_sync", fence.DriverName);
            Assert.Equal(0, fence.Status);
            Assert.Equal(0, fence.TimestampNs);
            // 6.1 ignores the name given to sw_sync: the file is named "<driver>-<timeline><context>-<seqno>".
            Assert.StartsWith("sw_sync-", info.Name, StringComparison.Ordinal);
            Assert.EndsWith("-1", info.Name, StringComparison.Ordinal);
            sw.Advance();
            Assert.True(file.Wait(SyncTimeout.After(TimeSpan.FromSeconds(5))));
            info = file.Info();
            Assert.Equal(1, info.Status);
            Assert.True(info.Fences[0].TimestampNs > 0);
        }
    }

    [Fact]
    public unsafe void SyncFile_Merge_OfTwoTimelines_KeepsBoth_SignalsWhenBoth_AndRejectsBadInput()
    {
        var (dev, sw) = Open(timeline: false);
        using var sw2 = SwSyncTimeline.Open(Capabilities.Backend);
        using (dev) using (sw)
        {
            using var a = sw.CreateFence(1);
            using var b = sw2.CreateFence(1);
            using var both = a.Merge(b, "both");
            var info = both.Info();
            Assert.Equal(2, info.Fences.Count);
            Assert.Equal("both", info.Name);
            sw.Advance();
            Assert.True(a.IsSignaled);
            Assert.False(both.IsSignaled);
            sw2.Advance();
            Assert.True(both.Wait(SyncTimeout.After(TimeSpan.FromSeconds(5))));

            Assert.Equal(-(int)Errno.EINVAL, Raw.Interop.SyncFile.Merge(a.Fd, default, b.Fd.DangerousFd, out _, flags: 1));
            using var ev = EventFd.Create();
            Assert.Equal(-(int)Errno.ENOENT, Raw.Interop.SyncFile.Merge(a.Fd, default, ev.Handle.DangerousFd, out _));
        }
    }

    [Fact]
    public void SyncFile_Merge_OnOneTimeline_KeepsOnlyTheLaterFence_AndDropsSignalledOnes()
    {
        var (dev, sw) = Open(timeline: false);
        using (dev) using (sw)
        {
            using var early = sw.CreateFence(1);
            using var late = sw.CreateFence(2);
            using var merged = early.Merge(late);
            var fence = Assert.Single(merged.Info().Fences);
            Assert.Equal(0, fence.Status);
            sw.Advance();
            using var afterOne = early.Merge(late);   // the signalled one is dropped, the pending one kept
            Assert.Single(afterOne.Info().Fences);
            Assert.False(afterOne.IsSignaled);
            sw.Advance();
            using var allDone = early.Merge(late);    // nothing pending: a signalled stub
            var stub = Assert.Single(allDone.Info().Fences);
            Assert.Equal("stub", stub.DriverName);
            Assert.Equal(1, stub.Status);
        }
    }

    [Fact]
    public unsafe void SyncFile_FileInfo_WithTooFewSlots_FailsWithEinval()
    {
        var (dev, sw) = Open(timeline: false);
        using var sw2 = SwSyncTimeline.Open(Capabilities.Backend);
        using (dev) using (sw)
        {
            using var a = sw.CreateFence(1);
            using var b = sw2.CreateFence(1);
            using var both = a.Merge(b);
            var slots = new Raw.Interop.SyncFile.SyncFenceInfo[1];
            Assert.Equal(-(int)Errno.EINVAL, Raw.Interop.SyncFile.FileInfo(both.Fd, slots, out _));
            sw.Advance();
            sw2.Advance();
        }
    }

    [Fact]
    public unsafe void ImportedPendingFence_BlocksTheWait_UntilSignalled()
    {
        var (dev, sw) = Open(timeline: false);
        using (dev) using (sw)
        {
            using var file = sw.CreateFence(1);
            using var t = Timeline.Create(dev);
            t.ImportSyncFile(file);
            Assert.False(t.Wait(0, SyncTimeout.Poll));
            Assert.False(t.Wait(0, SyncTimeout.After(TimeSpan.FromMilliseconds(20))));
            sw.Advance();
            Assert.True(t.Wait(0, SyncTimeout.After(TimeSpan.FromSeconds(5))));
        }
    }

    [Fact]
    public unsafe void Query_StopsBelowTheOldestPendingPoint_AndLaterPointsWaitForIt()
    {
        var (dev, sw) = Open();
        using (dev) using (sw)
        {
            using var t = PendingAt(dev, sw, 1, point: 3);
            t.Signal(4);                                  // signalled itself, but after the pending point 3
            Assert.Equal(0UL, t.Query());
            Assert.Equal(4UL, t.QueryLastSubmitted());
            Assert.False(t.Wait(4, SyncTimeout.Poll));     // a chain point waits for every earlier one
            sw.Advance();
            Assert.True(t.Wait(4, SyncTimeout.After(TimeSpan.FromSeconds(5))));
            Assert.Equal(4UL, t.Query());
        }
    }

    [Fact]
    public unsafe void TimelineWait_Available_ReturnsOnceSubmitted_EvenIfPending()
    {
        var (dev, sw) = Open();
        using (dev) using (sw)
        {
            using var t = Timeline.Create(dev);
            Assert.False(t[2].IsAvailable);
            PendingAt(dev, sw, 1, into: t, point: 2);
            Assert.True(t[2].IsAvailable);
            Assert.False(t[2].IsSignaled);
            sw.Advance();
        }
    }

    [Fact]
    public unsafe void WaitAll_WithNothingSignalledAtTheStart_ReportsFirstSignaledAsAllOnes()
    {
        var (dev, sw) = Open();
        using (dev) using (sw)
        {
            using var a = PendingAt(dev, sw, 1);
            using var b = PendingAt(dev, sw, 1);
            uint[] handles = [a.Handle, b.Handle];
            ulong[] points = [1, 1];
            var advance = new Thread(() => { Thread.Sleep(50); sw.Advance(); });
            advance.Start();
            Assert.Equal(0, SyncobjTimelineWait(dev.Fd, handles, points, SyncTimeout.MonotonicNowNs() + 10_000_000_000,
                DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, out uint first));
            Assert.Equal(uint.MaxValue, first);
            advance.Join();
        }
    }

    [Fact]
    public unsafe void ExportSyncFile_OfPendingBinarySyncobj_SignalsWithTheFence()
    {
        var (dev, sw) = Open(timeline: false);
        using (dev) using (sw)
        {
            using var source = sw.CreateFence(1);
            using var t = Timeline.Create(dev);
            t.ImportSyncFile(source);
            using var exported = t.ExportSyncFile();
            Assert.False(exported.IsSignaled);
            sw.Advance();
            Assert.True(exported.Wait(SyncTimeout.After(TimeSpan.FromSeconds(5))));
        }
    }

    [Fact]
    public unsafe void ClosingTheSwSyncTimeline_SignalsItsFencesWithEnoent()
    {
        Capabilities.Require(Capabilities.SwSync);
        SyncFile file;
        using (var sw = SwSyncTimeline.Open(Capabilities.Backend)) file = sw.CreateFence(5);
        using (file)
        {
            Assert.True(file.Wait(SyncTimeout.After(TimeSpan.FromSeconds(5))));
            Assert.Equal(-(int)Errno.ENOENT, file.Info().Status);
        }
    }

    [Fact]
    public async Task SyncFile_WaitAsync_CompletesAfterAdvance()
    {
        var (dev, sw) = Open(timeline: false);
        using (dev) using (sw)
        {
            using var file = sw.CreateFence(1);
            var wait = file.WaitAsync(TestContext.Current.CancellationToken);
            await Task.Delay(20, TestContext.Current.CancellationToken);
            Assert.False(wait.IsCompleted);
            sw.Advance();
            await wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task TimelineWaitAsync_CompletesOnSignal_ForPendingAndUnsubmittedPoints()
    {
        var (dev, sw) = Open();
        using (dev) using (sw)
        {
            using var t = PendingAt(dev, sw, 1, point: 1);
            var ct = TestContext.Current.CancellationToken;
            var pending = t.WaitAsync(1, ct);
            var unsubmitted = t.WaitAsync(2, ct);
            var available = t[2].WaitAvailableAsync(ct);
            await Task.Delay(50, ct);
            Assert.False(pending.IsCompleted);
            Assert.False(unsubmitted.IsCompleted);
            Assert.False(available.IsCompleted);
            sw.Advance();
            await pending.WaitAsync(TimeSpan.FromSeconds(10), ct);
            Assert.False(unsubmitted.IsCompleted);
            t.Signal(2);
            await Task.WhenAll(unsubmitted, available).WaitAsync(TimeSpan.FromSeconds(10), ct);
        }
    }

    [Fact]
    public async Task TimelineWaitAsync_Cancelled_EndsCanceled_AndOthersStillComplete()
    {
        using var dev = SyncobjCases.OpenDevice(timeline: true);
        using var t = Timeline.Create(dev);
        using var cts = new CancellationTokenSource();
        var ct = TestContext.Current.CancellationToken;
        var cancelled = t.WaitAsync(1, cts.Token);
        var other = t.WaitAsync(1, ct);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.False(other.IsCompleted);
        t.Signal(1);
        await other.WaitAsync(TimeSpan.FromSeconds(10), ct);
    }

    [Fact]
    public async Task ThousandPendingWaits_AcrossTimelines_EachCompleteOnce()
    {
        using var dev = SyncobjCases.OpenDevice(timeline: true);
        var ct = TestContext.Current.CancellationToken;
        var timelines = Enumerable.Range(0, 100).Select(_ => Timeline.Create(dev)).ToArray();
        try
        {
            int completions = 0;
            var waits = new List<Task>();
            foreach (var t in timelines)
                for (ulong p = 1; p <= 10; p++)
                    waits.Add(CountCompletion(t.WaitAsync(p, ct)));
            async Task CountCompletion(Task wait)
            {
                await wait.ConfigureAwait(false);
                Interlocked.Increment(ref completions);
            }
            await Task.Delay(50, ct);
            Assert.Equal(0, Volatile.Read(ref completions));
            foreach (var t in timelines) t.Signal(10);
            await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(60), ct);
            Assert.Equal(1000, completions);
        }
        finally
        {
            foreach (var t in timelines) t.Dispose();
        }
    }
}
