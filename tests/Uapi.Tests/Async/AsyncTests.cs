using Uapi.Async;

namespace Uapi.Tests;

public class AsyncTests
{
    [Fact]
    public async Task WaitAsync_CompletesWhenEventFdIsWritten()
    {
        using var ev = EventFd.Create();
        var wait = ev.WaitAsync(TestContext.Current.CancellationToken);
        await Task.Delay(20, TestContext.Current.CancellationToken);
        Assert.False(wait.IsCompleted);
        ev.Signal(5);
        Assert.Equal(5UL, await wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_CompletesAsCanceledAndUnregisters()
    {
        using var ev = EventFd.Create();
        using var cts = new CancellationTokenSource();
        int pendingBefore = Reactor.Shared.PendingCount;
        var wait = ev.WaitAsync(cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal(pendingBefore, Reactor.Shared.PendingCount);
        // The fd is still usable after a cancelled wait, and a later wait still works.
        ev.Signal();
        Assert.Equal(1UL, await ev.WaitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ManyWaiters_OnManyEventFds_EachCompleteOnce()
    {
        const int n = 500;
        var fds = Enumerable.Range(0, n).Select(_ => EventFd.Create()).ToArray();
        try
        {
            var waits = fds.Select(f => f.WaitAsync(TestContext.Current.CancellationToken)).ToArray();
            for (int i = n - 1; i >= 0; i--) fds[i].Signal((ulong)i + 1);
            var values = await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            for (int i = 0; i < n; i++) Assert.Equal((ulong)i + 1, values[i]);
        }
        finally
        {
            foreach (var f in fds) f.Dispose();
        }
    }

    [Fact]
    public void TryRead_OnEmptyEventFd_IsAResultNotAnException()
    {
        using var ev = EventFd.Create();
        Assert.False(ev.TryRead(out _));
    }
}

/// <summary>What a pending wait costs in fds: counted in /proc/self/fd, so nothing else may run meanwhile.</summary>
[Collection(nameof(FdTable))]
public class ReactorFdTests
{
    private static int OpenFdCount() => Directory.GetFiles("/proc/self/fd").Length;

    [Fact]
    public async Task PendingWaits_OnDistinctFds_CostNoExtraFd()
    {
        const int n = 1000;
        var ct = TestContext.Current.CancellationToken;
        var fds = Enumerable.Range(0, n).Select(_ => EventFd.Create()).ToArray();
        try
        {
            int before = OpenFdCount();
            var waits = fds.Select(f => Reactor.Shared.WaitReadableAsync(f.Handle, ct)).ToArray();
            Assert.Equal(before, OpenFdCount());
            foreach (var f in fds) f.Signal();
            await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(30), ct);
            Assert.Equal(before, OpenFdCount());
        }
        finally
        {
            foreach (var f in fds) f.Dispose();
        }
    }

    [Fact]
    public async Task TwoWaits_OnOneFd_BothComplete_TheSecondOnAPrivateDup()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ev = EventFd.Create();
        int before = OpenFdCount();
        var first = Reactor.Shared.WaitReadableAsync(ev.Handle, ct);
        Assert.Equal(before, OpenFdCount());
        var second = Reactor.Shared.WaitReadableAsync(ev.Handle, ct);   // EEXIST: watched through a dup
        Assert.Equal(before + 1, OpenFdCount());
        ev.Signal();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(before, OpenFdCount());
        // Both watches are gone: the same fd can be watched again, without a dup.
        Assert.True(ev.TryRead(out _));
        var third = Reactor.Shared.WaitReadableAsync(ev.Handle, ct);
        Assert.Equal(before, OpenFdCount());
        ev.Signal();
        await third.WaitAsync(TimeSpan.FromSeconds(10), ct);
    }

    [Fact]
    public async Task CancelledWait_OnTheFdItself_UnhooksIt_SoTheFdCanBeWatchedAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ev = EventFd.Create();
        using var cts = new CancellationTokenSource();
        var cancelled = Reactor.Shared.WaitReadableAsync(ev.Handle, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(10), ct));
        int before = OpenFdCount();
        var again = Reactor.Shared.WaitReadableAsync(ev.Handle, ct);
        Assert.Equal(before, OpenFdCount()); // no EEXIST left behind by the cancelled watch
        ev.Signal();
        await again.WaitAsync(TimeSpan.FromSeconds(10), ct);
    }
}
