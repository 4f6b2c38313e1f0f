using static Uapi.Raw.Interop.Vgem;

namespace Uapi.Drm.Drivers;

/// <summary>
/// A fence FENCE_ATTACH put on a vgem buffer, by its id on the vgem file. Owns the duty to signal it: Dispose
/// signals a fence still pending, so a forgotten one does not hold readers for vgem's 10 s. Keeps the device's fd
/// open until then.
/// </summary>
public sealed class VgemFence : IDisposable
{
    private readonly FenceOwner _owner;

    internal VgemFence(Vgem vgem, uint id, GemHandle buffer, VgemFenceUsage usage)
    {
        Vgem = vgem;
        Id = id;
        Buffer = buffer;
        Usage = usage;
        _owner = new FenceOwner(vgem.Device, id);
    }

    public Vgem Vgem { get; }

    /// <summary>The fence's id on the vgem file (out_fence). Ids count up from 1 and are not reused while the file is open.</summary>
    public uint Id { get; }

    /// <summary>The buffer it was attached to.</summary>
    public GemHandle Buffer { get; }

    public VgemFenceUsage Usage { get; }

    /// <summary>True once signalled through this object (or disposed).</summary>
    public bool IsConsumed => _owner.IsClosed;

    /// <summary>
    /// FENCE_SIGNAL: signals the fence, which wakes everyone waiting on the buffer or on a sync_file exported from it.
    /// Returns true, or false when vgem had already signalled it itself after <see cref="Vgem.FenceTimeout"/> (the
    /// kernel answers ETIMEDOUT). A fence can be signalled once; a second call throws InvalidOperationException.
    /// </summary>
    public bool Signal()
    {
        var e = TrySignal();
        return e switch
        {
            Errno.None => true,
            Errno.ETIMEDOUT => false,
            _ => throw new UapiException(e, nameof(DRM_IOCTL_VGEM_FENCE_SIGNAL), Vgem.Device.Path, $"fence {Id}"),
        };
    }

    /// <summary>FENCE_SIGNAL with the kernel's answer as a result: Errno.None, ETIMEDOUT (it had expired) or the errno.</summary>
    public Errno TrySignal()
    {
        if (!_owner.TryConsume()) throw new InvalidOperationException($"vgem fence {Id} on {Vgem.Device.Path} was already signalled");
        return _owner.SignalAndRelease();
    }

    public void Dispose() => _owner.Dispose();

    /// <summary>
    /// Holds the device fd while the fence is ours to signal. Release (Dispose, or the finalizer for a leaked fence)
    /// signals it unless <see cref="VgemFence.Signal"/> already did.
    /// </summary>
    private sealed class FenceOwner(DrmDevice device, uint id) : DrmObjectHandle(device, id)
    {
        private int _consumed;
        private Errno _result;

        /// <summary>True for the one caller that gets to signal the fence explicitly.</summary>
        public bool TryConsume() => !IsClosed && Interlocked.Exchange(ref _consumed, 1) == 0;

        /// <summary>Runs after <see cref="TryConsume"/>: the release below issues FENCE_SIGNAL and keeps its answer.</summary>
        public Errno SignalAndRelease()
        {
            Dispose();
            return _result;
        }

        protected override bool ReleaseObject()
        {
            int r = FenceSignal(Device.Fd, Id);
            _result = r < 0 ? (Errno)(-r) : Errno.None;
            return true; // an expired fence (ETIMEDOUT) or an unplugged device (ENODEV) leaves nothing to undo
        }
    }
}
