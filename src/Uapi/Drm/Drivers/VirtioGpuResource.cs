using Uapi.Memory;
using static Uapi.Raw.Interop.Virtgpu;

namespace Uapi.Drm.Drivers;

/// <summary>
/// A virtio-gpu resource: a GEM buffer on the guest side (owned: disposing it closes the handle) and the host's
/// resource id.
/// </summary>
public sealed class VirtioGpuResource : IDisposable
{
    internal VirtioGpuResource(VirtioGpu gpu, GemBuffer buffer, uint resourceHandle)
    {
        Gpu = gpu;
        Buffer = buffer;
        ResourceHandle = resourceHandle;
    }

    public VirtioGpu Gpu { get; }

    /// <summary>The GEM side: handle, size, PRIME export.</summary>
    public GemBuffer Buffer { get; }

    public GemHandle Handle => Buffer.Handle;

    /// <summary>The host's id for the resource (global on the device, unlike the per-file GEM handle).</summary>
    public uint ResourceHandle { get; }

    /// <summary>The guest object's size in bytes, as RESOURCE_INFO reported it (page-aligned).</summary>
    public ulong Size => Buffer.Size;

    /// <summary>VIRTGPU_MAP for the fake offset, then mmap of the whole object on the DRM fd.</summary>
    public MappedMemory Map()
    {
        ObjectDisposedException.ThrowIf(Buffer.IsDisposed, this);
        UapiException.Check(Raw.Interop.Virtgpu.Map(Gpu.Device.Fd, Handle.Value, out ulong offset), Gpu.Device.Fd, nameof(DRM_IOCTL_VIRTGPU_MAP));
        return Gpu.Device.Backend.Map(Gpu.Device.Fd, (long)offset, (long)Size);
    }

    /// <summary>
    /// VIRTGPU_WAIT: true when the resource's fences have signalled. With <paramref name="noWait"/> it only tests
    /// them; otherwise the kernel waits (up to its own timeout). A busy resource is false, not an exception.
    /// </summary>
    public bool Wait(bool noWait = false)
    {
        ObjectDisposedException.ThrowIf(Buffer.IsDisposed, this);
        int r = Raw.Interop.Virtgpu.Wait(Gpu.Device.Fd, Handle.Value, noWait ? VIRTGPU_WAIT_NOWAIT : 0);
        var e = r < 0 ? (Errno)(-r) : Errno.None;
        return e switch
        {
            Errno.None => true,
            Errno.EBUSY => false,
            _ => throw new UapiException(e, nameof(DRM_IOCTL_VIRTGPU_WAIT), Gpu.Device.Path, $"handle {Handle.Value}"),
        };
    }

    public void Dispose() => Buffer.Dispose();
}
