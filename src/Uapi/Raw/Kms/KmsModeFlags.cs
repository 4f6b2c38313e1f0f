using static Uapi.Raw.Interop.Drm;

namespace Uapi.Raw.Kms;

/// <summary>drm_mode_modeinfo.flags (DRM_MODE_FLAG_*): sync polarities, scan and clock options, 3D and aspect-ratio fields.</summary>
[Flags]
public enum KmsModeFlags : uint
{
    None = 0,
    PHSync = DRM_MODE_FLAG_PHSYNC,
    NHSync = DRM_MODE_FLAG_NHSYNC,
    PVSync = DRM_MODE_FLAG_PVSYNC,
    NVSync = DRM_MODE_FLAG_NVSYNC,
    Interlace = DRM_MODE_FLAG_INTERLACE,
    DoubleScan = DRM_MODE_FLAG_DBLSCAN,
    CSync = DRM_MODE_FLAG_CSYNC,
    PCSync = DRM_MODE_FLAG_PCSYNC,
    NCSync = DRM_MODE_FLAG_NCSYNC,
    HSkew = DRM_MODE_FLAG_HSKEW,
    DoubleClock = DRM_MODE_FLAG_DBLCLK,
    ClockDiv2 = DRM_MODE_FLAG_CLKDIV2,
    Stereo3DMask = DRM_MODE_FLAG_3D_MASK,
    PictureAspectMask = DRM_MODE_FLAG_PIC_AR_MASK,
}
