namespace Uapi.Memory;

/// <summary>
/// A mapping of device memory (a dumb buffer, a dma-buf, a register page). Every accessor checks bounds and
/// holds a reference on the mapping while it runs, so a Dispose on another thread waits for the last reader
/// instead of unmapping under it. For tight loops take an <see cref="Access"/> once and read through it.
/// </summary>
public sealed unsafe class MappedMemory : IDisposable
{
    private readonly MappingHandle _handle;
    private volatile bool _disposed;

    internal MappedMemory(MappingHandle handle, long length, string source)
    {
        _handle = handle;
        Length = length;
        Source = source;
    }

    public long Length { get; }

    /// <summary>The device path or object it maps, for messages.</summary>
    public string Source { get; }

    /// <summary>True once Dispose ran; the memory itself stays mapped until the last open view is disposed.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Pins the mapping for the lifetime of the returned view (use with <c>using</c>).</summary>
    public MappedAccess Access()
    {
        // SafeHandle refuses add-ref only after the last release; refuse new views as soon as Dispose ran.
        ObjectDisposedException.ThrowIf(_disposed, this);
        bool added = false;
        _handle.DangerousAddRef(ref added);
        return new MappedAccess(_handle, (byte*)_handle.DangerousGetHandle(), Length);
    }

    public uint Read32(long offset) { using var a = Access(); return a.Read32(offset); }
    public ulong Read64(long offset) { using var a = Access(); return a.Read64(offset); }
    public void Write32(long offset, uint value) { using var a = Access(); a.Write32(offset, value); }
    public void Write64(long offset, ulong value) { using var a = Access(); a.Write64(offset, value); }

    /// <summary>Copies out of the mapping.</summary>
    public void Read(long offset, Span<byte> destination) { using var a = Access(); a.Slice(offset, destination.Length).CopyTo(destination); }

    /// <summary>Copies into the mapping.</summary>
    public void Write(long offset, ReadOnlySpan<byte> source) { using var a = Access(); source.CopyTo(a.Slice(offset, source.Length)); }

    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }
}
