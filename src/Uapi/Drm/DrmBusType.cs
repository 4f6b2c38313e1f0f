namespace Uapi.Drm;

/// <summary>The bus a DRM device sits on, from its sysfs <c>subsystem</c> link.</summary>
public enum DrmBusType
{
    Unknown,
    Pci,
    Platform,
    Usb,
    Virtio,
    Host1x,
    Other,
}
