namespace Uapi.Backends.Loopback.Sync;

/// <summary>
/// A dma_fence_chain link: one timeline point. Signalled when its own fence and every earlier link are.
/// prev_seqno is the point of the link (or binary fence) it was added on top of.
/// </summary>
internal sealed class ChainFenceModel : FenceModel
{
    /// <summary>
    /// dma_fence_chain_init(): a point later than the chain link below keeps that link's context and records its point;
    /// anything else (the first link, a link on a binary fence, a point not later than the head) starts a new context
    /// with prev_seqno 0, and on a chain its seqno becomes max(prev, point), so the head never goes back.
    /// </summary>
    public ChainFenceModel(FenceModel? prev, FenceModel fence, ulong point)
    {
        Prev = prev;
        Fence = fence;
        if (prev is ChainFenceModel && point > prev.Seqno)
        {
            Context = prev.Context;
            PrevSeqno = prev.Seqno;
            Seqno = point;
        }
        else
        {
            Context = FenceOps.NewContext();
            PrevSeqno = 0;
            Seqno = prev is ChainFenceModel ? Math.Max(prev.Seqno, point) : point;
        }
    }

    /// <summary>The link below this one; once that signalled, what lies below it (see <see cref="CollectGarbage"/>).</summary>
    public FenceModel? Prev { get; private set; }
    public FenceModel Fence { get; }

    /// <summary>The point of the link this one was added on in the same context (0 on a new context); fixed at creation, even after that link is unlinked.</summary>
    public ulong PrevSeqno { get; }

    /// <summary>
    /// dma_fence_chain_walk() from this link down: unlinks each predecessor whose own fence signalled, so a long-lived
    /// timeline keeps only its unsignalled links. Under FenceOps.Lock.
    /// </summary>
    public void CollectGarbage()
    {
        for (var link = this; link is not null; link = link.Prev as ChainFenceModel)
        {
            while (true)
            {
                var p = link.Prev;
                if (p is ChainFenceModel pc && pc.Fence.IsSignaled) link.Prev = pc.Prev;
                else if (p is not null and not ChainFenceModel && p.IsSignaled) link.Prev = null;
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
            for (FenceModel? f = this; f is not null; f = (f as ChainFenceModel)?.Prev)
            {
                var leaf = f is ChainFenceModel c ? c.Fence : f;
                if (!leaf.IsSignaled) return false;
                if (f is not ChainFenceModel) break;
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
        lock (FenceOps.Lock)
        {
            var pending = FirstPendingLeaf();
            if (pending is null) return false;
            pending.AddCallback(() => { if (!AddCallback(callback)) callback(); });
            return true;
        }
    }

    private FenceModel? FirstPendingLeaf()
    {
        FenceModel? oldest = null;
        for (FenceModel? f = this; f is not null; f = (f as ChainFenceModel)?.Prev)
        {
            var leaf = f is ChainFenceModel c ? c.Fence : f;
            if (!leaf.IsSignaled) oldest = leaf;
            if (f is not ChainFenceModel) break;
        }
        return oldest;
    }

    public override IEnumerable<FenceModel> Unwrap()
    {
        for (FenceModel? f = this; f is not null; f = (f as ChainFenceModel)?.Prev)
        {
            if (f is ChainFenceModel c) { foreach (var leaf in c.Fence.Unwrap()) yield return leaf; }
            else { foreach (var leaf in f.Unwrap()) yield return leaf; break; }
        }
    }
}
