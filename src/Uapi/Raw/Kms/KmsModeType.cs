using static Uapi.Raw.Interop.Drm;

namespace Uapi.Raw.Kms;

/// <summary>drm_mode_modeinfo.type (DRM_MODE_TYPE_*); the deprecated bits are not named.</summary>
[Flags]
public enum KmsModeType : uint
{
    None = 0,
    Preferred = DRM_MODE_TYPE_PREFERRED,
    UserDefined = DRM_MODE_TYPE_USERDEF,
    Driver = DRM_MODE_TYPE_DRIVER,
}
