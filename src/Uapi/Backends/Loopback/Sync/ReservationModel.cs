namespace Uapi.Backends.Loopback.Sync;

/// <summary>
/// A buffer's reservation object (struct dma_resv, drivers/dma-buf/dma-resv.c): the fences of everyone using the
/// buffer, each with its usage. Shared by a GEM object and every dma-buf exported from it. State changes happen
/// under <see cref="FenceOps.Lock"/>.
/// </summary>
internal sealed class ReservationModel
{
    private readonly List<(FenceModel Fence, ResvUsage Usage)> _fences = new();

    /// <summary>
    /// dma_resv_usage_rw(): what a new access has to wait for. A writer waits for readers and writers (Read returns
    /// both), a reader only for writers.
    /// </summary>
    public static ResvUsage UsageRw(bool write) => write ? ResvUsage.Read : ResvUsage.Write;

    /// <summary>
    /// dma_resv_add_fence(): takes the slot of a fence it supersedes (same context, no later, with an equal or wider
    /// usage) or of any signalled fence; otherwise appends. Containers must be unwrapped by the caller.
    /// </summary>
    public void Add(FenceModel fence, ResvUsage usage)
    {
        lock (FenceOps.Lock)
        {
            for (int i = 0; i < _fences.Count; i++)
            {
                var (old, oldUsage) = _fences[i];
                bool supersedes = old.Context == fence.Context && oldUsage >= usage && fence.Seqno >= old.Seqno;
                if (supersedes || old.IsSignaled)
                {
                    _fences[i] = (fence, usage);
                    return;
                }
            }
            _fences.Add((fence, usage));
        }
    }

    /// <summary>dma_resv_get_fences(): the unsignalled fences whose usage is <paramref name="usage"/> or before it.</summary>
    public List<FenceModel> Get(ResvUsage usage)
    {
        lock (FenceOps.Lock)
        {
            var list = new List<FenceModel>();
            foreach (var (f, u) in _fences)
                if (u <= usage && !f.IsSignaled) list.Add(f);
            return list;
        }
    }

    /// <summary>dma_resv_test_signaled(): nothing of that usage is pending.</summary>
    public bool TestSignaled(ResvUsage usage)
    {
        lock (FenceOps.Lock)
        {
            foreach (var (f, u) in _fences)
                if (u <= usage && !f.IsSignaled) return false;
            return true;
        }
    }

    /// <summary>
    /// dma_resv_get_singleton(): null when nothing is pending, the one fence, or a dma_fence_array of them all on a
    /// new context (seqno 1).
    /// </summary>
    public FenceModel? Singleton(ResvUsage usage)
    {
        var fences = Get(usage);
        return fences.Count switch
        {
            0 => null,
            1 => fences[0],
            _ => new ArrayFenceModel(fences) { Context = FenceOps.NewContext(), Seqno = 1 },
        };
    }

    /// <summary>The object is freed: its fences go with it.</summary>
    public void Clear()
    {
        lock (FenceOps.Lock) _fences.Clear();
    }
}
