namespace Uapi.Backends.Loopback.Sync;

/// <summary>enum dma_resv_usage, in its order: a query for one usage also returns every usage before it.</summary>
internal enum ResvUsage
{
    Kernel,
    Write,
    Read,
    Bookkeep,
}
