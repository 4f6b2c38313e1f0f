namespace Uapi.Raw.Kms;

/// <summary>drm_mode_get_connector.connection: the kernel's enum drm_connector_status (not in the UAPI headers).</summary>
public enum KmsConnection : uint
{
    Connected = 1,
    Disconnected = 2,
    Unknown = 3,
}
