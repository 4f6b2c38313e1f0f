namespace Uapi.Raw.Kms;

/// <summary>
/// A DRM pixel format code (drm_fourcc.h): four ASCII characters, little-endian, e.g. "XR24" for XRGB8888.
/// </summary>
public readonly record struct Fourcc(uint Value)
{
    public static readonly Fourcc Xrgb8888 = From("XR24");
    public static readonly Fourcc Argb8888 = From("AR24");

    public static Fourcc From(string code)
    {
        if (code.Length != 4 || code.Any(c => c > 0x7E || c < 0x20)) throw new ArgumentException($"a fourcc is four printable ASCII characters, not '{code}'", nameof(code));
        return new Fourcc(code[0] | (uint)code[1] << 8 | (uint)code[2] << 16 | (uint)code[3] << 24);
    }

    /// <summary>The four characters, or the hex value when they are not printable.</summary>
    public override string ToString()
    {
        Span<char> c = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            uint b = (Value >> (8 * i)) & 0xFF;
            if (b < 0x20 || b > 0x7E) return "0x" + Value.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
            c[i] = (char)b;
        }
        return new string(c);
    }
}
