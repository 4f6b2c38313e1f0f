using Uapi.Handles;
using Uapi.Sync;
using static Uapi.Raw.Interop.DmaBuf;

namespace Uapi.DmaBuf;

/// <summary>
/// Moving fences between a dma-buf's implicit sync and explicit sync_files (DMA_BUF_IOCTL_EXPORT_SYNC_FILE and
/// IMPORT_SYNC_FILE, Linux 6.0+). Works on any dma-buf fd, such as a PRIME export
/// (<see cref="Drm.GemBuffer.ExportDmaBuf"/>). The dma-buf fd itself stays with the caller.
/// </summary>
public static class DmaBufSyncFile
{
    /// <summary>
    /// A sync_file holding the buffer's unsignalled fences that <paramref name="access"/> would wait for, taken now.
    /// A buffer with none gives an already-signalled sync_file. Throws <see cref="UapiException"/>: EINVAL for an
    /// access outside Read|Write, ENOTTY when the fd is not a dma-buf (or the kernel predates 6.0).
    /// </summary>
    public static SyncFile Export(UapiFd dmaBuf, DmaBufAccess access)
    {
        ArgumentNullException.ThrowIfNull(dmaBuf);
        UapiException.Check(ExportSyncFile(dmaBuf, (uint)access, out int fd), dmaBuf, nameof(DMA_BUF_IOCTL_EXPORT_SYNC_FILE));
        return new SyncFile(dmaBuf.Backend.Adopt(fd, "sync_file"));
    }

    /// <summary>
    /// Adds every fence in <paramref name="file"/> to the buffer, as readers or writers (<see cref="DmaBufAccess.Write"/>
    /// wins when both are given), so implicit-sync users of the buffer wait for them. Throws
    /// <see cref="UapiException"/>: EINVAL for a bad access or when <paramref name="file"/> is not a sync_file.
    /// </summary>
    public static void Import(UapiFd dmaBuf, SyncFile file, DmaBufAccess access)
    {
        ArgumentNullException.ThrowIfNull(dmaBuf);
        ArgumentNullException.ThrowIfNull(file);
        using var lease = file.Fd.Lease();
        UapiException.Check(ImportSyncFile(dmaBuf, (uint)access, lease.Fd), dmaBuf, nameof(DMA_BUF_IOCTL_IMPORT_SYNC_FILE));
    }
}
