using static Uapi.Raw.Interop.Drm;

namespace Uapi.Raw.Kms;

/// <summary>drm_mode_get_encoder.encoder_type (DRM_MODE_ENCODER_*).</summary>
public enum KmsEncoderType : uint
{
    None = DRM_MODE_ENCODER_NONE,
    Dac = DRM_MODE_ENCODER_DAC,
    Tmds = DRM_MODE_ENCODER_TMDS,
    Lvds = DRM_MODE_ENCODER_LVDS,
    TvDac = DRM_MODE_ENCODER_TVDAC,
    Virtual = DRM_MODE_ENCODER_VIRTUAL,
    Dsi = DRM_MODE_ENCODER_DSI,
    DpMst = DRM_MODE_ENCODER_DPMST,
    Dpi = DRM_MODE_ENCODER_DPI,
}
