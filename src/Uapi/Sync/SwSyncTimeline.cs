using System.Text;
using Uapi.Backends;
using Uapi.Handles;
using static Uapi.Raw.Interop.SwSync;

namespace Uapi.Sync;

/// <summary>
/// A software fence timeline from the kernel's sw_sync debugfs file (CONFIG_SW_SYNC): fences at chosen values
/// that signal when the timeline is advanced. Made for tests and tools: real, pending fences without a GPU.
/// </summary>
public sealed class SwSyncTimeline : IDisposable
{
    private SwSyncTimeline(UapiFd fd) => Fd = fd;

    public const string Path = DebugfsPath;

    public UapiFd Fd { get; }

    public static bool IsAvailable(Backend? backend = null) => (backend ?? Backend.Default).TryOpen(Path, OpenFlags.ReadWrite, out var fd) switch
    {
        Errno.None => Dispose(fd),
        _ => false,
    };

    private static bool Dispose(UapiFd? fd) { fd?.Dispose(); return true; }

    public static SwSyncTimeline Open(Backend? backend = null) => new((backend ?? Backend.Default).Open(Path));

    /// <summary>A sync_file whose fence signals once the timeline reaches <paramref name="value"/>.</summary>
    public SyncFile CreateFence(uint value, string name = "uapi")
    {
        UapiException.Check(Raw.Interop.SwSync.CreateFence(Fd, value, Encoding.ASCII.GetBytes(name), out int fence), Fd, nameof(SW_SYNC_IOC_CREATE_FENCE));
        return new SyncFile(Fd.Backend.Adopt(fence, "sync_file"));
    }

    /// <summary>Advances the timeline by <paramref name="count"/>, signalling every fence at or below the new value.</summary>
    public void Advance(uint count = 1)
    {
        UapiException.Check(Inc(Fd, count), Fd, nameof(SW_SYNC_IOC_INC));
    }

    public void Dispose() => Fd.Dispose();
}
