using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Uapi.Memory;

/// <summary>
/// A pinned view of a mapping: bounds-checked spans and volatile loads/stores with nothing else on the path.
/// Dispose releases the pin; the mapping is unmapped only after the last view is gone.
/// </summary>
public readonly unsafe ref struct MappedAccess
{
    private readonly MappingHandle _handle;
    private readonly byte* _base;
    public long Length { get; }

    internal MappedAccess(MappingHandle handle, byte* address, long length)
    {
        _handle = handle;
        _base = address;
        Length = length;
    }

    /// <summary>The whole mapping; spans longer than 2 GiB are not representable, use <see cref="Slice"/>.</summary>
    public Span<byte> Span => Slice(0, checked((int)Length));

    public Span<byte> Slice(long offset, int length)
    {
        CheckRange(offset, length, 1);
        return new Span<byte>(_base + offset, length);
    }

    /// <summary>A 2D view with a row pitch in bytes, e.g. a dumb buffer whose pitch is wider than its width.</summary>
    public Span2D<T> Rows<T>(long offset, int height, int width, int pitchBytes) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        if (pitchBytes % sizeof(T) != 0 || pitchBytes < width * sizeof(T))
            throw new ArgumentOutOfRangeException(nameof(pitchBytes), $"pitch {pitchBytes} does not hold {width} elements of {sizeof(T)} bytes");
        long bytes = height == 0 ? 0 : (long)(height - 1) * pitchBytes + (long)width * sizeof(T);
        CheckRange(offset, bytes, (uint)sizeof(T));
        return new Span2D<T>(_base + offset, height, width, pitchBytes / sizeof(T) - width);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Read32(long offset) { CheckRange(offset, 4, 4); return Volatile.Read(ref *(uint*)(_base + offset)); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Read64(long offset) { CheckRange(offset, 8, 8); return Volatile.Read(ref *(ulong*)(_base + offset)); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write32(long offset, uint value) { CheckRange(offset, 4, 4); Volatile.Write(ref *(uint*)(_base + offset), value); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write64(long offset, ulong value) { CheckRange(offset, 8, 8); Volatile.Write(ref *(ulong*)(_base + offset), value); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckRange(long offset, long size, uint alignment)
    {
        // Unsigned compares cover negative offsets and offset + size past the end.
        if ((ulong)size > (ulong)Length || (ulong)offset > (ulong)(Length - size)) ThrowOutOfRange(offset, size);
        if ((offset & (alignment - 1)) != 0) ThrowMisaligned(offset, alignment);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowOutOfRange(long offset, long size) =>
        throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, {offset}+{size}) is outside the {Length}-byte mapping");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowMisaligned(long offset, uint alignment) =>
        throw new ArgumentException($"offset {offset} is not {alignment}-byte aligned; device memory needs natural alignment", nameof(offset));

    public void Dispose() => _handle?.DangerousRelease();
}
