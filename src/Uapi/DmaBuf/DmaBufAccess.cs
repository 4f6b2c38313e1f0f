using static Uapi.Raw.Interop.DmaBuf;

namespace Uapi.DmaBuf;

/// <summary>
/// Which side of implicit sync a dma-buf sync_file call is about (DMA_BUF_SYNC_READ / WRITE).
/// </summary>
[Flags]
public enum DmaBufAccess : uint
{
    /// <summary>Export: the fences a reader must wait for, which are the writers'. Import: add the fences as readers.</summary>
    Read = DMA_BUF_SYNC_READ,

    /// <summary>Export: the fences a writer must wait for, which are all of them. Import: add the fences as writers.</summary>
    Write = DMA_BUF_SYNC_WRITE,

    /// <summary>Export: the same as <see cref="Write"/>. Import: the same as <see cref="Write"/>.</summary>
    ReadWrite = DMA_BUF_SYNC_RW,
}
