using static Uapi.Raw.Interop.Virtgpu;

namespace Uapi.Drm.Drivers;

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
