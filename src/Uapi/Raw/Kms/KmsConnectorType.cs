using static Uapi.Raw.Interop.Drm;

namespace Uapi.Raw.Kms;

/// <summary>drm_mode_get_connector.connector_type (DRM_MODE_CONNECTOR_*).</summary>
public enum KmsConnectorType : uint
{
    Unknown = DRM_MODE_CONNECTOR_Unknown,
    Vga = DRM_MODE_CONNECTOR_VGA,
    DviI = DRM_MODE_CONNECTOR_DVII,
    DviD = DRM_MODE_CONNECTOR_DVID,
    DviA = DRM_MODE_CONNECTOR_DVIA,
    Composite = DRM_MODE_CONNECTOR_Composite,
    SVideo = DRM_MODE_CONNECTOR_SVIDEO,
    Lvds = DRM_MODE_CONNECTOR_LVDS,
    Component = DRM_MODE_CONNECTOR_Component,
    NinePinDin = DRM_MODE_CONNECTOR_9PinDIN,
    DisplayPort = DRM_MODE_CONNECTOR_DisplayPort,
    HdmiA = DRM_MODE_CONNECTOR_HDMIA,
    HdmiB = DRM_MODE_CONNECTOR_HDMIB,
    Tv = DRM_MODE_CONNECTOR_TV,
    EmbeddedDisplayPort = DRM_MODE_CONNECTOR_eDP,
    Virtual = DRM_MODE_CONNECTOR_VIRTUAL,
    Dsi = DRM_MODE_CONNECTOR_DSI,
    Dpi = DRM_MODE_CONNECTOR_DPI,
    Writeback = DRM_MODE_CONNECTOR_WRITEBACK,
    Spi = DRM_MODE_CONNECTOR_SPI,
    Usb = DRM_MODE_CONNECTOR_USB,
}
