using Uapi.Raw.Kms;

namespace Uapi.Backends.Loopback.Drm;

public sealed class KmsEncoderModel(KmsEncoderType type, uint possibleCrtcs)
{
    public uint Id { get; internal set; }
    public KmsEncoderType Type { get; } = type;
    public uint PossibleCrtcs { get; } = possibleCrtcs;
    public uint PossibleClones { get; internal set; }
    public KmsCrtcModel? Crtc { get; set; }
}
