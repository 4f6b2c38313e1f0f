using static Uapi.Raw.Interop.Vgem;

namespace Uapi.Drm.Drivers;

/// <summary>
/// vgem's driver ioctls on an open vgem node (render or primary), issued through the raw calls of
/// <see cref="Raw.Interop.Vgem"/>: fences a test can put on a buffer and signal by hand, which every user
/// of the buffer's dma-buf sees (<see cref="DmaBuf.DmaBufSyncFile"/>). Does not own the device.
/// </summary>
public sealed class Vgem
{
    public const string DriverName = "vgem";

    /// <summary>vgem signals a fence itself this long after attaching it, if nobody has.</summary>
    public static readonly TimeSpan FenceTimeout = TimeSpan.FromSeconds(10);

    private Vgem(DrmDevice device) => Device = device;

    public DrmDevice Device { get; }

    /// <summary>Wraps <paramref name="device"/> after checking with DRM_IOCTL_VERSION that its driver is vgem.</summary>
    public static Vgem From(DrmDevice device)
    {
        var name = device.Version().Name;
        if (name != DriverName) throw new UapiNotSupportedException("vgem ioctls", device.Path, $"its driver is {name}, not {DriverName}");
        return new Vgem(device);
    }

    /// <summary>
    /// FENCE_ATTACH: a new unsignalled fence on the buffer, to be signalled with <see cref="VgemFence.Signal"/>
    /// (vgem signals it itself after <see cref="FenceTimeout"/>). Throws <see cref="UapiException"/>: ENOENT for a
    /// handle this file does not have, EBUSY when an unsignalled fence conflicts (any fence, for a writer; a writer's,
    /// for a reader). <see cref="TryAttachFence"/> returns those as results.
    /// </summary>
    public VgemFence AttachFence(GemBuffer buffer, VgemFenceUsage usage = VgemFenceUsage.Write)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ObjectDisposedException.ThrowIf(buffer.IsDisposed, buffer);
        return AttachFence(buffer.Handle, usage);
    }

    /// <inheritdoc cref="AttachFence(GemBuffer, VgemFenceUsage)"/>
    public VgemFence AttachFence(GemHandle handle, VgemFenceUsage usage = VgemFenceUsage.Write)
    {
        var e = TryAttachFence(handle, usage, out var fence);
        if (e != Errno.None) throw new UapiException(e, nameof(DRM_IOCTL_VGEM_FENCE_ATTACH), Device.Path, $"handle {handle.Value}, {usage}");
        return fence!;
    }

    /// <summary>FENCE_ATTACH with the kernel's refusal (EBUSY: a conflicting fence is pending) as a result.</summary>
    public Errno TryAttachFence(GemHandle handle, VgemFenceUsage usage, out VgemFence? fence)
    {
        int r = FenceAttach(Device.Fd, handle.Value, (uint)usage, out uint id);
        fence = r >= 0 ? new VgemFence(this, id, handle, usage) : null;
        return r < 0 ? (Errno)(-r) : Errno.None;
    }
}
