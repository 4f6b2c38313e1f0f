using Uapi.Raw.Kms;
namespace Uapi.Drm.Kms;

/// <summary>An encoder (GETENCODER): its type, the CRTC it feeds now, and masks over the GETRESOURCES CRTC and encoder lists.</summary>
public sealed record KmsEncoder(EncoderId Id, KmsEncoderType Type, CrtcId? Crtc, uint PossibleCrtcs, uint PossibleClones);
