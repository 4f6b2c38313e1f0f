using System.Runtime.CompilerServices;

namespace Uapi.Raw;

/// <summary>
/// The asm-generic ioctl request encoding (x86, x86_64, arm, arm64, riscv): dir&lt;&lt;30 | size&lt;&lt;16 | type&lt;&lt;8 | nr.
/// Not valid for powerpc, mips, sparc or alpha, which lay the bits out differently.
/// </summary>
public static class Ioc
{
    public const int NrBits = 8, TypeBits = 8, SizeBits = 14, DirBits = 2;
    public const int NrShift = 0, TypeShift = NrShift + NrBits, SizeShift = TypeShift + TypeBits, DirShift = SizeShift + SizeBits;
    public const uint None = 0, Write = 1, Read = 2;

    /// <summary>The nr bits: <c>REQUEST &amp; NrMask</c> is a constant expression, so a switch can name each nr by its request.</summary>
    public const uint NrMask = (1u << NrBits) - 1;

    public static uint Encode(uint dir, uint type, uint nr, uint size)
    {
        if (type > 0xFF) throw new ArgumentOutOfRangeException(nameof(type));
        if (nr > 0xFF) throw new ArgumentOutOfRangeException(nameof(nr));
        if (size >= 1u << SizeBits) throw new ArgumentOutOfRangeException(nameof(size), "ioctl argument larger than 16 KiB - 1");
        return dir << DirShift | size << SizeShift | type << TypeShift | nr << NrShift;
    }

    public static uint IO(uint type, uint nr) => Encode(None, type, nr, 0);
    public static unsafe uint IOR<T>(uint type, uint nr) where T : unmanaged => Encode(Read, type, nr, (uint)sizeof(T));
    public static unsafe uint IOW<T>(uint type, uint nr) where T : unmanaged => Encode(Write, type, nr, (uint)sizeof(T));
    public static unsafe uint IOWR<T>(uint type, uint nr) where T : unmanaged => Encode(Read | Write, type, nr, (uint)sizeof(T));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static uint Dir(uint request) => request >> DirShift;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static uint Type(uint request) => (request >> TypeShift) & 0xFF;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static uint Nr(uint request) => request & NrMask;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static uint Size(uint request) => (request >> SizeShift) & ((1u << SizeBits) - 1);
}
