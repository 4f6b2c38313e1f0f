using Uapi.Raw.Kms;

namespace Uapi.Backends.Loopback.Drm;

public sealed class KmsPlaneModel(KmsPlaneKind kind, uint possibleCrtcs, IReadOnlyList<Fourcc> formats)
{
    public uint Id { get; internal set; }
    public KmsPlaneKind Kind { get; } = kind;
    public uint PossibleCrtcs { get; } = possibleCrtcs;
    public IReadOnlyList<Fourcc> Formats { get; } = formats;
    public KmsCrtcModel? Crtc { get; set; }
    public uint FramebufferId { get; set; }
    /// <summary>Source position in the framebuffer, whole pixels (the kernel keeps 16.16 fixed point).</summary>
    public uint SrcX { get; set; }
    public uint SrcY { get; set; }
}
