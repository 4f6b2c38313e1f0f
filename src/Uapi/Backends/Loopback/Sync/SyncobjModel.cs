namespace Uapi.Backends.Loopback.Sync;

/// <summary>
/// struct drm_syncobj: a fence slot that holds nothing, one binary fence, or the head of a chain of timeline points.
/// Waiters for points that are not submitted yet sit on a list and are re-checked whenever the payload changes.
/// </summary>
internal sealed class SyncobjModel
{
    private readonly List<Action> _submitWaiters = new();

    /// <summary>The payload (syncobj->fence). Read and written under <see cref="FenceOps.Lock"/>.</summary>
    public FenceModel? Fence { get; private set; }

    public static SyncobjModel Create(bool signaled) => new() { Fence = signaled ? SimpleFenceModel.Stub() : null };

    /// <summary>drm_syncobj_replace_fence(): a binary payload (or none), dropping any chain.</summary>
    public void Replace(FenceModel? fence)
    {
        lock (FenceOps.Lock)
        {
            bool changed = !ReferenceEquals(Fence, fence);
            Fence = fence;
            if (changed) PayloadChanged();
        }
    }

    /// <summary>drm_syncobj_add_point(): a new chain link on top of whatever is there.</summary>
    public void AddPoint(FenceModel fence, ulong point)
    {
        lock (FenceOps.Lock)
        {
            var prev = Fence;
            Fence = new ChainFenceModel(prev, fence, point);
            PayloadChanged();
            // drm_syncobj_add_point() walks the old chain once, which collects its signalled links.
            (prev as ChainFenceModel)?.CollectGarbage();
        }
    }

    private void PayloadChanged()
    {
        if (_submitWaiters.Count != 0)
        {
            var waiters = _submitWaiters.ToArray();
            _submitWaiters.Clear();
            foreach (var w in waiters) w();
        }
        Monitor.PulseAll(FenceOps.Lock);
    }

    /// <summary>Re-run <paramref name="recheck"/> at the next payload change (drm_syncobj_fence_add_wait).</summary>
    public void OnNextChange(Action recheck)
    {
        lock (FenceOps.Lock) _submitWaiters.Add(recheck);
    }

    public void RemoveWaiter(Action recheck)
    {
        lock (FenceOps.Lock) _submitWaiters.Remove(recheck);
    }

    /// <summary>
    /// drm_syncobj_fence_get + dma_fence_chain_find_seqno: the fence that covers <paramref name="point"/>,
    /// or false where the kernel answers EINVAL (no payload, a binary payload asked for a point, or a point past the head).
    /// A covered point that already signalled comes back as a signalled fence.
    /// </summary>
    public bool TryFindFence(ulong point, out FenceModel? fence)
    {
        lock (FenceOps.Lock)
        {
            fence = Fence;
            if (fence is null) return false;
            if (point == 0) return true;
            if (fence is not ChainFenceModel head || head.Seqno < point) { fence = null; return false; }
            ChainFenceModel node = head;
            // dma_fence_chain_find_seqno: down the links of the head's context while the link below still covers the point.
            while (node.Context == head.Context && node.PrevSeqno >= point)
            {
                if (node.Prev is ChainFenceModel prev) node = prev;
                // The links that covered the point were collected, so they signalled: the kernel hands out a stub.
                else if (node.Prev is null) { fence = null; return true; }
                else break;
            }
            fence = node;
            return true;
        }
    }

    /// <summary>SYNCOBJ_QUERY: the last point below which everything signalled, or the head point with LAST_SUBMITTED.</summary>
    public ulong Query(bool lastSubmitted)
    {
        lock (FenceOps.Lock)
        {
            if (Fence is not ChainFenceModel head) return 0;
            if (lastSubmitted) return head.Seqno;
            // Walk back over unsignalled links of the head's context (an out-of-order point started a new one); the oldest decides.
            ChainFenceModel last = head;
            for (var f = head; f is not null; f = f.Prev as ChainFenceModel)
            {
                if (f.Context != head.Context) break;
                if (f.IsSignaled) break;
                last = f;
            }
            return last.IsSignaled ? last.Seqno : last.PrevSeqno;
        }
    }
}
