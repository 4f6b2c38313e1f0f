namespace Uapi.Drm;

// Driver-private ioctls (DRM_COMMAND_BASE + n): the extension point driver packages build on.
public sealed unsafe partial class DrmDevice
{
    /// <summary>
    /// Issues a driver-private ioctl with <paramref name="arg"/> as its argument struct. Returns the ioctl's result
    /// (≥ 0); on failure throws <see cref="UapiException"/> naming <paramref name="name"/>, the device path and the
    /// errno. <paramref name="request"/> must be a DRM driver number ('d', nr in 0x40..0x9F) whose size bits
    /// equal sizeof(<typeparamref name="T"/>); build it with <see cref="DrmDriverIoctl"/>.
    /// </summary>
    public int DriverIoctl<T>(uint request, ref T arg, string name) where T : unmanaged
    {
        DrmDriverIoctl.Validate<T>(request);
        return Ioctl(request, ref arg, name);
    }

    /// <summary>
    /// <see cref="DriverIoctl{T}"/> with the kernel's refusal as a result: Errno.None, or the errno. For ioctls
    /// where a failure is an expected outcome (a busy buffer, a feature probe).
    /// </summary>
    public Errno TryDriverIoctl<T>(uint request, ref T arg) where T : unmanaged
    {
        DrmDriverIoctl.Validate<T>(request);
        return TryIoctl(request, ref arg);
    }

    /// <summary>
    /// Takes ownership of a GEM handle that a driver ioctl created on this file. The returned buffer is one owner
    /// of it; the last owner to let go issues GEM_CLOSE. <paramref name="size"/> is what the driver reported (0 if
    /// it does not say).
    /// </summary>
    public GemBuffer AdoptGemHandle(uint handle, ulong size)
    {
        ArgumentOutOfRangeException.ThrowIfZero(handle);
        _gem.AddRef(handle);
        return new GemBuffer(this, new GemHandle(handle), size);
    }
}
