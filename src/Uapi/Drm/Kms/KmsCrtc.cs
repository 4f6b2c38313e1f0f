using Uapi.Raw.Kms;
namespace Uapi.Drm.Kms;

/// <summary>A CRTC (GETCRTC): the framebuffer it scans out and from where, its gamma table size, and its mode (null when off).</summary>
public sealed record KmsCrtc(CrtcId Id, FramebufferId? Framebuffer, uint X, uint Y, uint GammaSize, KmsMode? Mode);
