namespace Uapi.Backends.Loopback.Sync;

/// <summary>A dma_fence: signals once, optionally with an error, and runs its callbacks when it does.</summary>
internal abstract class FenceModel
{
    public abstract bool IsSignaled { get; }
    public abstract string DriverName { get; }
    public abstract string TimelineName { get; }
    public ulong Context { get; init; }
    public ulong Seqno { get; init; }

    /// <summary>dma_fence_get_status(): 0 while pending, 1 signalled, negative errno when it failed.</summary>
    public abstract int Status { get; }
    public abstract long TimestampNs { get; }

    /// <summary>Runs <paramref name="callback"/> (under <see cref="FenceOps.Lock"/>) once signalled; false if already signalled.</summary>
    public abstract bool AddCallback(Action callback);

    /// <summary>The leaf fences, as dma_fence_unwrap sees them.</summary>
    public virtual IEnumerable<FenceModel> Unwrap() { yield return this; }
}
