namespace Uapi.Backends.Loopback.Sync;

/// <summary>A dma_fence_array: what SYNC_IOC_MERGE makes. Signalled when all of its fences are.</summary>
internal sealed class ArrayFenceModel(IReadOnlyList<FenceModel> fences) : FenceModel
{
    public IReadOnlyList<FenceModel> Fences { get; } = fences;
    public override string DriverName => "dma_fence_array";
    public override string TimelineName => "unbound";
    public override bool IsSignaled => Fences.All(f => f.IsSignaled);
    public override int Status => Fences.Any(f => f.Status < 0) ? Fences.First(f => f.Status < 0).Status : IsSignaled ? 1 : 0;
    public override long TimestampNs => Fences.Select(f => f.TimestampNs).DefaultIfEmpty(0).Max();

    public override bool AddCallback(Action callback)
    {
        lock (FenceOps.Lock)
        {
            var pending = Fences.FirstOrDefault(f => !f.IsSignaled);
            if (pending is null) return false;
            pending.AddCallback(() => { if (!AddCallback(callback)) callback(); });
            return true;
        }
    }

    public override IEnumerable<FenceModel> Unwrap() => Fences.SelectMany(f => f.Unwrap());
}
