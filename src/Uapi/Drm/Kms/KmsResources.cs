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
