namespace Uapi.Drm.Drivers;

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
