using System.Text;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Raw.Kms;

/// <summary>
/// A display mode as the kernel reports it (struct drm_mode_modeinfo): pixel clock in kHz, timings in pixels and
/// lines, refresh rate in Hz (rounded by the kernel), flags, type and name.
/// </summary>
public sealed record KmsMode(
    string Name,
    uint Clock,
    ushort HDisplay, ushort HSyncStart, ushort HSyncEnd, ushort HTotal, ushort HSkew,
    ushort VDisplay, ushort VSyncStart, ushort VSyncEnd, ushort VTotal, ushort VScan,
    uint VRefresh,
    KmsModeFlags Flags,
    KmsModeType Type)
{
    public bool IsPreferred => (Type & KmsModeType.Preferred) != 0;
    public bool IsInterlaced => (Flags & KmsModeFlags.Interlace) != 0;

    public override string ToString() => $"{Name}@{VRefresh}";

    internal static unsafe KmsMode FromRaw(in DrmModeModeinfo m)
    {
        string name;
        fixed (byte* p = m.Name)
        {
            var span = new ReadOnlySpan<byte>(p, DRM_DISPLAY_MODE_LEN);
            int end = span.IndexOf((byte)0);
            name = Encoding.ASCII.GetString(end < 0 ? span : span[..end]);
        }
        return new KmsMode(name, m.Clock, m.Hdisplay, m.HsyncStart, m.HsyncEnd, m.Htotal, m.Hskew,
            m.Vdisplay, m.VsyncStart, m.VsyncEnd, m.Vtotal, m.Vscan, m.Vrefresh, (KmsModeFlags)m.Flags, (KmsModeType)m.Type);
    }

    internal unsafe DrmModeModeinfo ToRaw()
    {
        var m = new DrmModeModeinfo
        {
            Clock = Clock, Hdisplay = HDisplay, HsyncStart = HSyncStart, HsyncEnd = HSyncEnd, Htotal = HTotal, Hskew = HSkew,
            Vdisplay = VDisplay, VsyncStart = VSyncStart, VsyncEnd = VSyncEnd, Vtotal = VTotal, Vscan = VScan,
            Vrefresh = VRefresh, Flags = (uint)Flags, Type = (uint)Type,
        };
        // The kernel NUL-terminates within DRM_DISPLAY_MODE_LEN.
        var bytes = Encoding.ASCII.GetBytes(Name);
        int n = Math.Min(bytes.Length, DRM_DISPLAY_MODE_LEN - 1);
        for (int i = 0; i < n; i++) m.Name[i] = bytes[i];
        return m;
    }
}
