namespace Uapi.Drm;

/// <summary>
/// A GEM handle on one DRM file. A plain value: who owns it is counted by the device
/// (<see cref="DrmDevice"/> keeps one count per handle), because the kernel hands out the same handle again for
/// the same buffer on the same file and does not count references itself.
/// </summary>
public readonly record struct GemHandle(uint Value)
{
    public bool IsNull => Value == 0;
    public override string ToString() => "gem:" + Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
