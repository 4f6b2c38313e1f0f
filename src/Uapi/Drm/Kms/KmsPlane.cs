using Uapi.Raw.Kms;
namespace Uapi.Drm.Kms;

/// <summary>A plane (GETPLANE): the CRTC and framebuffer it shows now, the CRTCs it can use, and the pixel formats it takes.</summary>
public sealed record KmsPlane(PlaneId Id, CrtcId? Crtc, FramebufferId? Framebuffer, uint PossibleCrtcs, uint GammaSize, IReadOnlyList<Fourcc> Formats);
