using Uapi.Host;

namespace Uapi.Backends.Loopback.Sync;

/// <summary>
/// The loopback's fence world shares one lock, as simple as it is correct: every state change happens under it
/// and wakes every blocked wait, which re-checks its own condition (the kernel's schedule/wake loop).
/// </summary>
internal static class FenceWorld
{
    public static readonly object Lock = new();
    private static ulong s_nextContext = 1;

    public static ulong NewContext() { lock (Lock) return s_nextContext++; }

    /// <summary>
    /// dma_fence_unwrap_merge(): the pending leaves of all inputs, newest per context; a signalled stub (stamped
    /// with the latest signal time) when none is pending; the fence itself when one is; else an array.
    /// </summary>
    public static FenceBase UnwrapMerge(params FenceBase[] fences)
    {
        lock (Lock)
        {
            long latest = 0;
            var pending = new List<FenceBase>();
            foreach (var leaf in fences.SelectMany(f => f.Unwrap()))
            {
                if (leaf.IsSignaled) latest = Math.Max(latest, leaf.TimestampNs);
                else pending.Add(leaf);
            }
            var newest = pending.GroupBy(f => f.Context).Select(g => g.MaxBy(f => f.Seqno)!).OrderBy(f => f.Context).ToList();
            return newest.Count switch
            {
                0 => SimpleFence.Stub(latest),
                1 => newest[0],
                _ => new ArrayFence(newest) { Context = NewContext(), Seqno = 1 },
            };
        }
    }
}

/// <summary>A dma_fence: signals once, optionally with an error, and runs its callbacks when it does.</summary>
internal abstract class FenceBase
{
    public abstract bool IsSignaled { get; }
    public abstract string DriverName { get; }
    public abstract string TimelineName { get; }
    public ulong Context { get; init; }
    public ulong Seqno { get; init; }

    /// <summary>dma_fence_get_status(): 0 while pending, 1 signalled, negative errno when it failed.</summary>
    public abstract int Status { get; }
    public abstract long TimestampNs { get; }

    /// <summary>Runs <paramref name="callback"/> (under <see cref="FenceWorld.Lock"/>) once signalled; false if already signalled.</summary>
    public abstract bool AddCallback(Action callback);

    /// <summary>The leaf fences, as dma_fence_unwrap sees them.</summary>
    public virtual IEnumerable<FenceBase> Unwrap() { yield return this; }
}

/// <summary>A fence with its own state: a driver's job fence, a sw_sync point, or a signalled stub.</summary>
internal sealed class SimpleFence(string driver, string timeline) : FenceBase
{
    private bool _signaled;
    private int _error;
    private long _timestamp;
    private List<Action>? _callbacks;

    public override string DriverName => driver;
    public override string TimelineName => timeline;
    public override bool IsSignaled => _signaled;
    public override int Status => !_signaled ? 0 : _error != 0 ? _error : 1;
    public override long TimestampNs => _timestamp;

    /// <summary>dma_fence_allocate_private_stub(): already signalled, stamped now (or at the given time).</summary>
    public static SimpleFence Stub(long timestampNs = 0)
    {
        var f = new SimpleFence("stub", "stub") { Context = FenceWorld.NewContext() };
        f._signaled = true;
        f._timestamp = timestampNs != 0 ? timestampNs : HostOs.MonotonicNs();
        return f;
    }

    private static SimpleFence? s_shared;

    /// <summary>dma_fence_get_stub(): one signalled fence for everyone, on context 0 with seqno 0, stamped when first asked for.</summary>
    public static SimpleFence SharedStub()
    {
        lock (FenceWorld.Lock)
        {
            if (s_shared is null)
            {
                var f = new SimpleFence("stub", "stub") { Context = 0, Seqno = 0 };
                f._signaled = true;
                f._timestamp = HostOs.MonotonicNs();
                s_shared = f;
            }
            return s_shared;
        }
    }

    public void Signal(int error = 0)
    {
        List<Action>? run;
        lock (FenceWorld.Lock)
        {
            if (_signaled) return;
            _error = error;
            _timestamp = HostOs.MonotonicNs();
            _signaled = true;
            run = _callbacks;
            _callbacks = null;
            foreach (var cb in run ?? []) cb();
            Monitor.PulseAll(FenceWorld.Lock);
        }
    }

    public override bool AddCallback(Action callback)
    {
        lock (FenceWorld.Lock)
        {
            if (_signaled) return false;
            (_callbacks ??= new()).Add(callback);
            return true;
        }
    }
}

/// <summary>
/// A dma_fence_chain link: one timeline point. Signalled when its own fence and every earlier link are.
/// prev_seqno is the point of the link (or binary fence) it was added on top of.
/// </summary>
internal sealed class ChainFence : FenceBase
{
    public ChainFence(FenceBase? prev, FenceBase fence, ulong point, ulong context)
    {
        Prev = prev;
        Fence = fence;
        PrevSeqno = prev?.Seqno ?? 0;
        Seqno = point;
        Context = context;
    }

    /// <summary>The link below this one; once that signalled, what lies below it (see <see cref="CollectGarbage"/>).</summary>
    public FenceBase? Prev { get; private set; }
    public FenceBase Fence { get; }

    /// <summary>The point of the link this one was added on; fixed at creation, even after that link is unlinked.</summary>
    public ulong PrevSeqno { get; }

    /// <summary>
    /// dma_fence_chain_walk() from this link down: unlinks each predecessor whose own fence signalled, so a long-lived
    /// timeline keeps only its unsignalled links. Under FenceWorld.Lock.
    /// </summary>
    public void CollectGarbage()
    {
        for (var link = this; link is not null; link = link.Prev as ChainFence)
        {
            while (true)
            {
                var p = link.Prev;
                if (p is ChainFence pc && pc.Fence.IsSignaled) link.Prev = pc.Prev;
                else if (p is not null and not ChainFence && p.IsSignaled) link.Prev = null;
                else break;
            }
        }
    }

    public override string DriverName => "dma_fence_chain";
    public override string TimelineName => "unbound";

    public override bool IsSignaled
    {
        get
        {
            for (FenceBase? f = this; f is not null; f = (f as ChainFence)?.Prev)
            {
                var leaf = f is ChainFence c ? c.Fence : f;
                if (!leaf.IsSignaled) return false;
                if (f is not ChainFence) break;
            }
            return true;
        }
    }

    public override int Status
    {
        get
        {
            foreach (var f in Unwrap()) if (f.Status < 0) return f.Status;
            return IsSignaled ? 1 : 0;
        }
    }

    public override long TimestampNs => Unwrap().Select(f => f.TimestampNs).DefaultIfEmpty(0).Max();

    /// <summary>Waits on the oldest unsignalled leaf, then re-arms, until the whole prefix is signalled.</summary>
    public override bool AddCallback(Action callback)
    {
        lock (FenceWorld.Lock)
        {
            var pending = FirstPendingLeaf();
            if (pending is null) return false;
            pending.AddCallback(() => { if (!AddCallback(callback)) callback(); });
            return true;
        }
    }

    private FenceBase? FirstPendingLeaf()
    {
        FenceBase? oldest = null;
        for (FenceBase? f = this; f is not null; f = (f as ChainFence)?.Prev)
        {
            var leaf = f is ChainFence c ? c.Fence : f;
            if (!leaf.IsSignaled) oldest = leaf;
            if (f is not ChainFence) break;
        }
        return oldest;
    }

    public override IEnumerable<FenceBase> Unwrap()
    {
        for (FenceBase? f = this; f is not null; f = (f as ChainFence)?.Prev)
        {
            if (f is ChainFence c) { foreach (var leaf in c.Fence.Unwrap()) yield return leaf; }
            else { foreach (var leaf in f.Unwrap()) yield return leaf; break; }
        }
    }
}

/// <summary>A dma_fence_array: what SYNC_IOC_MERGE makes. Signalled when all of its fences are.</summary>
internal sealed class ArrayFence(IReadOnlyList<FenceBase> fences) : FenceBase
{
    public IReadOnlyList<FenceBase> Fences { get; } = fences;
    public override string DriverName => "dma_fence_array";
    public override string TimelineName => "unbound";
    public override bool IsSignaled => Fences.All(f => f.IsSignaled);
    public override int Status => Fences.Any(f => f.Status < 0) ? Fences.First(f => f.Status < 0).Status : IsSignaled ? 1 : 0;
    public override long TimestampNs => Fences.Select(f => f.TimestampNs).DefaultIfEmpty(0).Max();

    public override bool AddCallback(Action callback)
    {
        lock (FenceWorld.Lock)
        {
            var pending = Fences.FirstOrDefault(f => !f.IsSignaled);
            if (pending is null) return false;
            pending.AddCallback(() => { if (!AddCallback(callback)) callback(); });
            return true;
        }
    }

    public override IEnumerable<FenceBase> Unwrap() => Fences.SelectMany(f => f.Unwrap());
}
