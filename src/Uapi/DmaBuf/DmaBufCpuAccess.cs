using static Uapi.Raw.Interop.DmaBuf;

namespace Uapi.DmaBuf;

/// <summary>
/// A CPU access scope on a dma-buf: made by <see cref="DmaBuffer.BeginCpuAccess"/> (SYNC START), ended by Dispose
/// (SYNC END with the same direction). The kernel keeps no pairing; this type keeps it for you.
/// </summary>
public struct DmaBufCpuAccess : IDisposable
{
    private DmaBuffer? _buffer;

    internal DmaBufCpuAccess(DmaBuffer buffer, DmaBufAccess access)
    {
        _buffer = buffer;
        Access = access;
    }

    public DmaBufAccess Access { get; }

    /// <summary>SYNC END. A second Dispose does nothing.</summary>
    public void Dispose()
    {
        var b = _buffer;
        _buffer = null;
        b?.Sync(DMA_BUF_SYNC_END | (uint)Access);
    }
}
