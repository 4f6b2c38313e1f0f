using System.Globalization;

namespace Uapi.Drm.Kms;

public readonly record struct FramebufferId(uint Value)
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
