namespace Uapi.Drm;

/// <summary>
/// An owned reference to a GEM buffer on one DRM device. Holds a reference on the device's fd, so the fd
/// outlives the handle; on release drops its count, and the last owner issues GEM_CLOSE.
/// </summary>
public class GemBuffer : IDisposable
{
    private readonly GemOwner _owner;

    internal GemBuffer(DrmDevice device, GemHandle handle, ulong size)
    {
        Device = device;
        Handle = handle;
        Size = size;
        _owner = new GemOwner(device, handle);
    }

    public DrmDevice Device { get; }
    public GemHandle Handle { get; }

    /// <summary>Size in bytes as the kernel reported it (0 when the ioctl that produced the handle does not say).</summary>
    public ulong Size { get; }

    public bool IsDisposed => _owner.IsClosed;

    /// <summary>PRIME export as a dma-buf fd (O_CLOEXEC always; read-write unless asked otherwise).</summary>
    public Handles.UapiFd ExportDmaBuf(bool readWrite = true)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return Device.ExportPrime(Handle, readWrite);
    }

    /// <summary>GEM_FLINK: a device-global name another file can GEM_OPEN (primary nodes only).</summary>
    public uint Flink()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return Device.Flink(Handle);
    }

    /// <summary>
    /// mmap of the device fd at a fake offset a driver ioctl returned for this buffer (an accel driver's MMAP_OFFSET,
    /// virtgpu's MAP, ...). <paramref name="length"/> defaults to <see cref="Size"/>.
    /// </summary>
    public Memory.MappedMemory Map(ulong mmapOffset, long? length = null)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        long n = length ?? (long)Size;
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(length), "give a length: the size of this buffer is not known");
        return Device.Backend.Map(Device.Fd, (long)mmapOffset, n);
    }

    public void Dispose()
    {
        _owner.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>SafeHandle so a leaked buffer is still closed, after the device's fd add-ref is balanced.</summary>
    private sealed class GemOwner(DrmDevice device, GemHandle handle) : DrmObjectHandle(device, handle.Value)
    {
        protected override bool ReleaseObject() => Device.ReleaseGem(new GemHandle(Id)) == 0;
    }
}
