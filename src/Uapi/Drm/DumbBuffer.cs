namespace Uapi.Drm;

/// <summary>A dumb buffer: a CPU-mappable scanout-style buffer with a pitch.</summary>
public sealed class DumbBuffer : GemBuffer
{
    internal DumbBuffer(DrmDevice device, DumbBufferInfo info) : base(device, info.Handle, info.Size) => Info = info;

    public DumbBufferInfo Info { get; }
    public uint Width => Info.Width;
    public uint Height => Info.Height;
    public uint Bpp => Info.Bpp;
    public uint Pitch => Info.Pitch;

    /// <summary>MAP_DUMB then mmap of the DRM fd at the returned offset.</summary>
    public Memory.MappedMemory Map()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ulong offset = Device.MapDumbOffset(Handle);
        return Device.Backend.Map(Device.Fd, (long)offset, (long)Size);
    }
}
