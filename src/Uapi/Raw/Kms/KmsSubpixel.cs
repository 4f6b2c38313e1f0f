namespace Uapi.Raw.Kms;

/// <summary>drm_mode_get_connector.subpixel: the kernel's enum subpixel_order (not in the UAPI headers).</summary>
public enum KmsSubpixel : uint
{
    Unknown = 0,
    HorizontalRgb = 1,
    HorizontalBgr = 2,
    VerticalRgb = 3,
    VerticalBgr = 4,
    None = 5,
}
