namespace Uapi.Raw.Kms;

public static class KmsConnectorTypeNames
{
    /// <summary>
    /// The kernel's name for a connector type, as used in connector names ("Virtual-1"), sysfs (card1-Virtual-1)
    /// and libdrm's drmModeGetConnectorTypeName.
    /// </summary>
    public static string KernelName(this KmsConnectorType type) => type switch
    {
        KmsConnectorType.Unknown => "Unknown",
        KmsConnectorType.Vga => "VGA",
        KmsConnectorType.DviI => "DVI-I",
        KmsConnectorType.DviD => "DVI-D",
        KmsConnectorType.DviA => "DVI-A",
        KmsConnectorType.Composite => "Composite",
        KmsConnectorType.SVideo => "SVIDEO",
        KmsConnectorType.Lvds => "LVDS",
        KmsConnectorType.Component => "Component",
        KmsConnectorType.NinePinDin => "DIN",
        KmsConnectorType.DisplayPort => "DP",
        KmsConnectorType.HdmiA => "HDMI-A",
        KmsConnectorType.HdmiB => "HDMI-B",
        KmsConnectorType.Tv => "TV",
        KmsConnectorType.EmbeddedDisplayPort => "eDP",
        KmsConnectorType.Virtual => "Virtual",
        KmsConnectorType.Dsi => "DSI",
        KmsConnectorType.Dpi => "DPI",
        KmsConnectorType.Writeback => "Writeback",
        KmsConnectorType.Spi => "SPI",
        KmsConnectorType.Usb => "USB",
        _ => "Unknown" + ((uint)type).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
