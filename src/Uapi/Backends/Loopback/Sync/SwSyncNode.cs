using static Uapi.Raw.Interop.SwSync;

namespace Uapi.Backends.Loopback.Sync;

/// <summary>/sys/kernel/debug/sync/sw_sync: each open is a timeline; fences signal when it reaches their value.</summary>
internal sealed class SwSyncNode() : LoopbackNode(DebugfsPath, DeviceNodeKind.Other, 0, 0)
{
    internal override LoopbackFile? Open(LoopbackBackend backend, int flags, out Errno errno)
    {
        errno = Errno.None;
        return new SwSyncTimelineFile(backend);
    }
}
