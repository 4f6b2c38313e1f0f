namespace Uapi.Backends.Loopback.Sync;

/// <summary>
/// The loopback's fence world shares one lock, as simple as it is correct: every state change happens under it
/// and wakes every blocked wait, which re-checks its own condition (the kernel's schedule/wake loop).
/// </summary>
internal static class FenceOps
{
    public static readonly object Lock = new();
    private static ulong s_nextContext = 1;

    public static ulong NewContext() { lock (Lock) return s_nextContext++; }

    /// <summary>
    /// dma_fence_unwrap_merge(): the pending leaves of all inputs, newest per context; a signalled stub (stamped
    /// with the latest signal time) when none is pending; the fence itself when one is; else an array.
    /// </summary>
    public static FenceModel UnwrapMerge(params FenceModel[] fences)
    {
        lock (Lock)
        {
            long latest = 0;
            var pending = new List<FenceModel>();
            foreach (var leaf in fences.SelectMany(f => f.Unwrap()))
            {
                if (leaf.IsSignaled) latest = Math.Max(latest, leaf.TimestampNs);
                else pending.Add(leaf);
            }
            var newest = pending.GroupBy(f => f.Context).Select(g => g.MaxBy(f => f.Seqno)!).OrderBy(f => f.Context).ToList();
            return newest.Count switch
            {
                0 => SimpleFenceModel.Stub(latest),
                1 => newest[0],
                _ => new ArrayFenceModel(newest) { Context = NewContext(), Seqno = 1 },
            };
        }
    }
}
