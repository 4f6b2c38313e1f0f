using Uapi.Raw.Kms;
namespace Uapi.Drm.Kms;

/// <summary>
/// A connector (GETCONNECTOR): its type and per-type index (which make its name, "Virtual-1"), whether a sink
/// is attached, the sink's size in millimetres and subpixel order, its modes (preferred first, as the kernel
/// sorts them), the encoders it can use and the one it uses now.
/// </summary>
public sealed record KmsConnector(
    ConnectorId Id,
    KmsConnectorType Type,
    uint TypeId,
    KmsConnection Connection,
    uint MmWidth, uint MmHeight,
    KmsSubpixel Subpixel,
    IReadOnlyList<KmsMode> Modes,
    IReadOnlyList<EncoderId> Encoders,
    EncoderId? Encoder,
    uint PropertyCount)
{
    /// <summary>The kernel's connector name: type name, a dash, the per-type index ("Virtual-1", "HDMI-A-2").</summary>
    public string Name => $"{Type.KernelName()}-{TypeId}";
}
