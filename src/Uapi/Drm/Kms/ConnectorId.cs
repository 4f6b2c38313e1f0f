using System.Globalization;

namespace Uapi.Drm.Kms;

// KMS object ids (drm_mode_object.id). One id space per device; the types keep a CRTC id from being passed
// where a connector is wanted. Plain values: the kernel owns these objects, a client only names them.

public readonly record struct ConnectorId(uint Value)
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
