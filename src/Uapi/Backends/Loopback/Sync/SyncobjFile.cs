namespace Uapi.Backends.Loopback.Sync;

/// <summary>
/// The file behind an opaque syncobj fd (DRM's HANDLE_TO_FD without EXPORT_SYNC_FILE, or /dev/syncobj's CREATE): it holds
/// a reference on one syncobj and has no ioctls of its own.
/// </summary>
internal sealed class SyncobjFile(SyncobjModel syncobj) : LoopbackFile
{
    public SyncobjModel Syncobj { get; } = syncobj;
    public override string Description => "syncobj";
    internal override unsafe int Ioctl(uint request, void* arg) => -(int)Errno.ENOTTY;
}
