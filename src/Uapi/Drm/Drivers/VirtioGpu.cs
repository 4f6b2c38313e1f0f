using Uapi.Memory;
using static Uapi.Raw.Interop.Virtgpu;

namespace Uapi.Drm.Drivers;

/// <summary>VIRTGPU_PARAM_* for GETPARAM: what the device and the host renderer offer.</summary>
public enum VirtioGpuParam : ulong
{
    /// <summary>1 when the host has a 3D renderer (virgl); 0 for a 2D-only device.</summary>
    Features3D = VIRTGPU_PARAM_3D_FEATURES,
    /// <summary>Always 1 on kernels that know it: GET_CAPS takes a capset version.</summary>
    CapsetQueryFix = VIRTGPU_PARAM_CAPSET_QUERY_FIX,
    ResourceBlob = VIRTGPU_PARAM_RESOURCE_BLOB,
    HostVisible = VIRTGPU_PARAM_HOST_VISIBLE,
    CrossDevice = VIRTGPU_PARAM_CROSS_DEVICE,
    ContextInit = VIRTGPU_PARAM_CONTEXT_INIT,
    /// <summary>A bitmask of capset ids (1 &lt;&lt; id).</summary>
    SupportedCapsetIds = VIRTGPU_PARAM_SUPPORTED_CAPSET_IDs,
}

/// <summary>The virtio-gpu 2D resource formats (enum virtio_gpu_formats); all four bytes per pixel.</summary>
public enum VirtioGpuFormat : uint
{
    B8G8R8A8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_B8G8R8A8_UNORM,
    B8G8R8X8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM,
    A8R8G8B8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_A8R8G8B8_UNORM,
    X8R8G8B8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_X8R8G8B8_UNORM,
    R8G8B8A8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_R8G8B8A8_UNORM,
    X8B8G8R8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_X8B8G8R8_UNORM,
    A8B8G8R8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_A8B8G8R8_UNORM,
    R8G8B8X8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_R8G8B8X8_UNORM,
}

/// <summary>
/// The arguments of RESOURCE_CREATE. Without a 3D renderer the kernel accepts only a 2D texture (target 2) with
/// depth, array size and sample count at most 1 and last level at most 1; anything else is EINVAL. Size 0 gets
/// one page; the guest object is page-aligned.
/// </summary>
public sealed record VirtioGpuResourceDescription
{
    /// <summary>Gallium's PIPE_TEXTURE_2D, the only target a 2D-only device takes.</summary>
    public const uint Texture2D = 2;

    public uint Target { get; init; } = Texture2D;
    public VirtioGpuFormat Format { get; init; } = VirtioGpuFormat.B8G8R8X8Unorm;
    public uint Bind { get; init; }
    public uint Width { get; init; }
    public uint Height { get; init; }
    public uint Depth { get; init; } = 1;
    public uint ArraySize { get; init; } = 1;
    public uint LastLevel { get; init; }
    public uint NrSamples { get; init; }
    public uint Flags { get; init; }
    /// <summary>Bytes for the guest object (0: one page).</summary>
    public uint Size { get; init; }
    public uint Stride { get; init; }
}

/// <summary>
/// virtio-gpu's driver ioctls on an open DRM device (primary or render node), issued through the raw calls of
/// <see cref="Raw.Interop.Virtgpu"/>. Does not own the device.
/// </summary>
public sealed class VirtioGpu
{
    public const string DriverName = "virtio_gpu";

    private VirtioGpu(DrmDevice device) => Device = device;

    public DrmDevice Device { get; }

    /// <summary>Wraps <paramref name="device"/> after checking with DRM_IOCTL_VERSION that its driver is virtio_gpu.</summary>
    public static VirtioGpu From(DrmDevice device)
    {
        var name = device.Version().Name;
        if (name != DriverName) throw new UapiNotSupportedException("virtio-gpu ioctls", device.Path, $"its driver is {name}, not {DriverName}");
        return new VirtioGpu(device);
    }

    /// <summary>GETPARAM; throws EINVAL for a parameter this kernel does not know.</summary>
    public ulong GetParam(VirtioGpuParam param)
    {
        var e = TryGetParam(param, out var value);
        if (e != Errno.None) throw new UapiException(e, nameof(DRM_IOCTL_VIRTGPU_GETPARAM), Device.Path, $"param {(ulong)param}");
        return value;
    }

    /// <summary>GETPARAM with the kernel's refusal as a result.</summary>
    public Errno TryGetParam(VirtioGpuParam param, out ulong value)
    {
        int r = Raw.Interop.Virtgpu.GetParam(Device.Fd, (ulong)param, out ulong result);
        value = r >= 0 ? result : 0;
        return r < 0 ? (Errno)(-r) : Errno.None;
    }

    /// <summary>A 2D resource of 4-byte pixels, <paramref name="width"/> × <paramref name="height"/>, with a tight stride.</summary>
    public VirtioGpuResource CreateResource2D(uint width, uint height, VirtioGpuFormat format = VirtioGpuFormat.B8G8R8X8Unorm) =>
        CreateResource(new VirtioGpuResourceDescription
        {
            Width = width, Height = height, Format = format,
            Stride = checked(width * 4), Size = checked(width * 4 * height),
        });

    /// <summary>RESOURCE_CREATE, then RESOURCE_INFO for the guest object's real size.</summary>
    public VirtioGpuResource CreateResource(VirtioGpuResourceDescription d)
    {
        var rc = new DrmVirtgpuResourceCreate
        {
            Target = d.Target, Format = (uint)d.Format, Bind = d.Bind, Width = d.Width, Height = d.Height, Depth = d.Depth,
            ArraySize = d.ArraySize, LastLevel = d.LastLevel, NrSamples = d.NrSamples, Flags = d.Flags, Size = d.Size, Stride = d.Stride,
        };
        UapiException.Check(ResourceCreate(Device.Fd, ref rc), Device.Fd, nameof(DRM_IOCTL_VIRTGPU_RESOURCE_CREATE));
        int r = ResourceInfo(Device.Fd, rc.BoHandle, out var info);
        if (r < 0)
        {
            var e = (Errno)(-r);
            Device.AdoptGemHandle(rc.BoHandle, 0).Dispose(); // closes the handle we could not describe
            throw new UapiException(e, nameof(DRM_IOCTL_VIRTGPU_RESOURCE_INFO), Device.Path, $"handle {rc.BoHandle}");
        }
        return new VirtioGpuResource(this, Device.AdoptGemHandle(rc.BoHandle, info.Size), rc.ResHandle);
    }
}

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
