using Uapi.Raw.Kms;
namespace Uapi.Drm.Kms;

/// <summary>
/// What GETRESOURCES reports: the ids of this file's framebuffers (only those it created; a fresh file has
/// none) and of the device's CRTCs, connectors and encoders, and the framebuffer size limits.
/// </summary>
public sealed record KmsResources(
    IReadOnlyList<FramebufferId> Framebuffers,
    IReadOnlyList<CrtcId> Crtcs,
    IReadOnlyList<ConnectorId> Connectors,
    IReadOnlyList<EncoderId> Encoders,
    uint MinWidth, uint MaxWidth, uint MinHeight, uint MaxHeight)
{
    /// <summary>
    /// The CRTCs a possible_crtcs mask names: bit i is the i-th CRTC of this list (the kernel's CRTC index).
    /// </summary>
    public IReadOnlyList<CrtcId> CrtcsIn(uint mask)
    {
        var list = new List<CrtcId>();
        for (int i = 0; i < Crtcs.Count && i < 32; i++)
            if ((mask & (1u << i)) != 0) list.Add(Crtcs[i]);
        return list;
    }

    /// <summary>The encoders a possible_clones mask names (bit i is the i-th encoder of this list).</summary>
    public IReadOnlyList<EncoderId> EncodersIn(uint mask)
    {
        var list = new List<EncoderId>();
        for (int i = 0; i < Encoders.Count && i < 32; i++)
            if ((mask & (1u << i)) != 0) list.Add(Encoders[i]);
        return list;
    }
}

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

/// <summary>An encoder (GETENCODER): its type, the CRTC it feeds now, and masks over the GETRESOURCES CRTC and encoder lists.</summary>
public sealed record KmsEncoder(EncoderId Id, KmsEncoderType Type, CrtcId? Crtc, uint PossibleCrtcs, uint PossibleClones);

/// <summary>A CRTC (GETCRTC): the framebuffer it scans out and from where, its gamma table size, and its mode (null when off).</summary>
public sealed record KmsCrtc(CrtcId Id, FramebufferId? Framebuffer, uint X, uint Y, uint GammaSize, KmsMode? Mode);

/// <summary>A plane (GETPLANE): the CRTC and framebuffer it shows now, the CRTCs it can use, and the pixel formats it takes.</summary>
public sealed record KmsPlane(PlaneId Id, CrtcId? Crtc, FramebufferId? Framebuffer, uint PossibleCrtcs, uint GammaSize, IReadOnlyList<Fourcc> Formats);
