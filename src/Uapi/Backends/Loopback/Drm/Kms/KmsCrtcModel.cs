using Uapi.Raw.Kms;

namespace Uapi.Backends.Loopback.Drm;

public sealed class KmsCrtcModel(KmsPlaneModel primary, KmsPlaneModel? cursor, uint gammaSize)
{
    public uint Id { get; internal set; }
    public int Index { get; init; }
    public KmsPlaneModel Primary { get; } = primary;
    public KmsPlaneModel? Cursor { get; } = cursor;
    public uint GammaSize { get; } = gammaSize;
    /// <summary>The mode it scans out, null when off.</summary>
    public KmsMode? Mode { get; set; }
}
