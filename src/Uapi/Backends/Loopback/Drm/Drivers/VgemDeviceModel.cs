using Uapi.Backends.Loopback.Sync;
using Uapi.Raw;
using static Uapi.Raw.Interop.Drm;
using static Uapi.Raw.Interop.Vgem;

namespace Uapi.Backends.Loopback.Drm;

/// <summary>
/// vgem (drivers/gpu/drm/vgem): a GEM provider without KMS whose only driver ioctls put fences on a buffer's
/// reservation and signal them (vgem_fence.c), so a test can stand in for a GPU that is busy with a buffer.
/// Each file numbers its fences from 1 and never reuses a number while open; a fence nobody signals signals
/// itself after <see cref="FenceTimeout"/>, and closing the file signals the rest. Every errno was measured on 6.1.
/// </summary>
public sealed class VgemDeviceModel(DrmDriverFeatures features = DrmDriverFeatures.Gem | DrmDriverFeatures.Render)
    : DrmDeviceModel("vgem", "20120112", "Virtual GEM provider", 1, 0, 0, features)
{
    /// <summary>VGEM_FENCE_TIMEOUT: 10 s in the kernel. Shorter only for tests of the expiry itself.</summary>
    public TimeSpan FenceTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>One fence FENCE_ATTACH made, and the timer that expires it.</summary>
    private sealed class AttachedFence(SimpleFenceModel fence, Timer timer)
    {
        public SimpleFenceModel Fence { get; } = fence;
        public Timer Timer { get; } = timer;
    }

    /// <summary>vgem_file: the file's fence idr. Slot id - 1; a signalled fence leaves its slot allocated but empty.</summary>
    private sealed class VgemFile
    {
        public readonly List<AttachedFence?> Fences = new();
    }

    private static VgemFile FileState(DrmFile file)
    {
        lock (file)
            return (VgemFile)(file.DriverPriv ??= new VgemFile());
    }

    internal override unsafe int DriverIoctl(DrmFile file, uint request, void* arg)
    {
        // The driver table has slots 1 (ATTACH) and 2 (SIGNAL); slot 0 and anything past the table are EINVAL.
        return (Ioc.Nr(request) - DRM_COMMAND_BASE) switch
        {
            DRM_VGEM_FENCE_ATTACH => Attach(file, (DrmVgemFenceAttach*)arg),
            DRM_VGEM_FENCE_SIGNAL => Signal(file, (DrmVgemFenceSignal*)arg),
            _ => -(int)Errno.EINVAL,
        };
    }

    /// <summary>vgem_fence_attach_ioctl(): EINVAL for flags, then pad; ENOENT for the handle; EBUSY on a conflicting pending fence.</summary>
    private unsafe int Attach(DrmFile file, DrmVgemFenceAttach* a)
    {
        if ((a->Flags & ~VGEM_FENCE_WRITE) != 0) return -(int)Errno.EINVAL;
        if (a->Pad != 0) return -(int)Errno.EINVAL;
        var obj = file.LookupHandle(a->Handle);
        if (obj is null) return -(int)Errno.ENOENT;

        bool write = (a->Flags & VGEM_FENCE_WRITE) != 0;
        var fence = new SimpleFenceModel("vgem", "unbound") { Context = FenceOps.NewContext(), Seqno = 1 };
        var resv = obj.Resv;
        lock (FenceOps.Lock)
        {
            // A writer conflicts with any pending fence, a reader only with a pending writer.
            if (!resv.TestSignaled(ReservationModel.UsageRw(write))) return -(int)Errno.EBUSY;
            resv.Add(fence, write ? ResvUsage.Write : ResvUsage.Read);
        }

        // Armed once published, so the timer never has to be undone; the kernel arms it a moment earlier.
        var timer = new Timer(static f => ((SimpleFenceModel)f!).Signal(), fence, FenceTimeout, Timeout.InfiniteTimeSpan);
        var state = FileState(file);
        lock (state)
        {
            state.Fences.Add(new AttachedFence(fence, timer));
            a->OutFence = (uint)state.Fences.Count;
        }
        return 0;
    }

    /// <summary>
    /// vgem_fence_signal_ioctl(): EINVAL for flags; ENOENT for an id never given out on this file or already
    /// signalled through it; ETIMEDOUT, after consuming it, for a fence that had expired.
    /// </summary>
    private static unsafe int Signal(DrmFile file, DrmVgemFenceSignal* s)
    {
        if (s->Flags != 0) return -(int)Errno.EINVAL;
        var state = FileState(file);
        AttachedFence? attached;
        lock (state)
        {
            int slot = (int)Math.Min(s->Fence, int.MaxValue) - 1;
            if (slot < 0 || slot >= state.Fences.Count) return -(int)Errno.ENOENT;
            attached = state.Fences[slot];
            state.Fences[slot] = null;
        }
        if (attached is null) return -(int)Errno.ENOENT;
        attached.Timer.Dispose();
        bool expired = attached.Fence.IsSignaled;
        attached.Fence.Signal();
        return expired ? -(int)Errno.ETIMEDOUT : 0;
    }

    /// <summary>vgem_postclose() → vgem_fence_close(): every fence the file still holds is signalled.</summary>
    internal override void Postclose(DrmFile file)
    {
        if (file.DriverPriv is not VgemFile state) return;
        AttachedFence?[] fences;
        lock (state)
        {
            fences = state.Fences.ToArray();
            state.Fences.Clear();
        }
        foreach (var f in fences)
        {
            if (f is null) continue;
            f.Timer.Dispose();
            f.Fence.Signal();
        }
    }
}
