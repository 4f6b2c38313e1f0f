using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Uapi.Backends;
using Uapi.Drm;
using Uapi.Drm.Kms;
using Uapi.Raw.Kms;

namespace Uapi.Tool;

/// <summary>uapi kms [--json]: connectors, modes, encoders, CRTCs and planes of every KMS device, like drm_info.</summary>
internal static class KmsCommand
{
    public static int Run(Backend backend, string reason, bool json)
    {
        var devices = new List<KmsDeviceReport>();
        foreach (var node in backend.EnumerateNodes())
            if (node.Kind == DeviceNodeKind.DrmPrimary) devices.Add(Read(backend, node.Path));

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new KmsReport(backend.Name, reason, devices), KmsJson.Default.KmsReport));
            return 0;
        }
        Console.WriteLine($"backend: {backend.Name} ({reason})");
        if (devices.Count == 0) Console.WriteLine("no DRM primary nodes");
        foreach (var d in devices) Print(d);
        return 0;
    }

    private static KmsDeviceReport Read(Backend backend, string path)
    {
        try
        {
            using var dev = DrmDevice.Open(path, backend);
            var v = dev.Version();
            var driver = $"{v.Name} {v.Major}.{v.Minor}.{v.Patchlevel}";
            var e = dev.TryGetKmsResources(out _);
            // A driver without modesetting (vgem) refuses every KMS ioctl with EOPNOTSUPP.
            if (e != Errno.None) return new KmsDeviceReport(path, driver, false, $"DRM_IOCTL_MODE_GETRESOURCES: {e.Name()}", null);
            return new KmsDeviceReport(path, driver, true, null, Describe(KmsSnapshot.Read(dev)));
        }
        catch (UapiException ex)
        {
            return new KmsDeviceReport(path, null, false, $"{ex.Operation}: {ex.ErrnoName}", null);
        }
    }

    private static KmsStateReport Describe(KmsSnapshot s)
    {
        var r = s.Resources;
        return new KmsStateReport(
            r.MinWidth, r.MaxWidth, r.MinHeight, r.MaxHeight, s.UniversalPlanes,
            s.Connectors.Select(c => new ConnectorReport(c.Id.Value, c.Name, c.Type.ToString(), c.TypeId, c.Connection.ToString(),
                c.MmWidth, c.MmHeight, c.Subpixel.ToString(), c.Encoder?.Value, c.Encoders.Select(e => e.Value).ToList(), c.PropertyCount,
                c.Modes.Select(Mode).ToList())).ToList(),
            s.Encoders.Select(e => new EncoderReport(e.Id.Value, e.Type.ToString(), e.Crtc?.Value,
                r.CrtcsIn(e.PossibleCrtcs).Select(c => c.Value).ToList(), r.EncodersIn(e.PossibleClones).Select(x => x.Value).ToList())).ToList(),
            s.Crtcs.Select(c => new CrtcReport(c.Id.Value, c.Framebuffer?.Value, c.X, c.Y, c.GammaSize, c.Mode is null ? null : Mode(c.Mode))).ToList(),
            s.Planes.Select(p => new PlaneReport(p.Id.Value, p.Crtc?.Value, p.Framebuffer?.Value,
                r.CrtcsIn(p.PossibleCrtcs).Select(c => c.Value).ToList(), p.GammaSize, p.Formats.Select(f => f.ToString()).ToList())).ToList());
    }

    private static ModeReport Mode(KmsMode m) =>
        new(m.Name, m.VRefresh, m.Clock, m.HDisplay, m.HSyncStart, m.HSyncEnd, m.HTotal, m.HSkew,
            m.VDisplay, m.VSyncStart, m.VSyncEnd, m.VTotal, m.VScan, Names(m.Flags.ToString()), Names(m.Type.ToString()));

    // "NHSync, NVSync" -> ["NHSync", "NVSync"]; "None" -> [].
    private static List<string> Names(string flags) =>
        flags == "None" ? [] : flags.Split(", ").ToList();

    private static void Print(KmsDeviceReport d)
    {
        Console.WriteLine();
        Console.WriteLine($"{d.Path}: {d.Driver ?? "?"}{(d.Kms ? "" : $" (no KMS: {d.Error})")}");
        if (d.State is not { } s) return;
        Console.WriteLine($"  framebuffer size {s.MinWidth}x{s.MinHeight} .. {s.MaxWidth}x{s.MaxHeight}");
        foreach (var c in s.Connectors)
        {
            Console.WriteLine($"  connector {c.Id} {c.Name}: {c.Connection.ToLowerInvariant()}, {c.MmWidth}x{c.MmHeight} mm, subpixel {c.Subpixel}, " +
                              $"encoder {Opt(c.Encoder)} (possible {List(c.Encoders)}), {c.PropertyCount} properties, {c.Modes.Count} modes");
            foreach (var m in c.Modes) Console.WriteLine("    " + ModeLine(m));
        }
        foreach (var e in s.Encoders)
            Console.WriteLine($"  encoder {e.Id}: {e.Type}, crtc {Opt(e.Crtc)}, possible crtcs {List(e.PossibleCrtcs)}, clones {List(e.PossibleClones)}");
        foreach (var c in s.Crtcs)
            Console.WriteLine($"  crtc {c.Id}: fb {Opt(c.Framebuffer)} at ({c.X},{c.Y}), gamma size {c.GammaSize}, mode {(c.Mode is null ? "off" : ModeLine(c.Mode))}");
        if (!s.UniversalPlanes) Console.WriteLine("  (universal planes refused: overlay planes only)");
        foreach (var p in s.Planes)
            Console.WriteLine($"  plane {p.Id}: crtc {Opt(p.Crtc)}, fb {Opt(p.Framebuffer)}, possible crtcs {List(p.PossibleCrtcs)}, formats {string.Join(" ", p.Formats)}");
    }

    private static string ModeLine(ModeReport m) =>
        $"{m.Name}@{m.VRefresh} {m.Clock} kHz h {m.HDisplay} {m.HSyncStart} {m.HSyncEnd} {m.HTotal} v {m.VDisplay} {m.VSyncStart} {m.VSyncEnd} {m.VTotal}" +
        $" flags [{string.Join(",", m.Flags)}] type [{string.Join(",", m.Type)}]";

    private static string Opt(uint? id) => id?.ToString(CultureInfo.InvariantCulture) ?? "none";
    private static string List(List<uint> ids) => "[" + string.Join(" ", ids) + "]";
}

internal sealed record KmsReport(string Backend, string Reason, List<KmsDeviceReport> Devices);
internal sealed record KmsDeviceReport(string Path, string? Driver, bool Kms, string? Error, KmsStateReport? State);
internal sealed record KmsStateReport(uint MinWidth, uint MaxWidth, uint MinHeight, uint MaxHeight, bool UniversalPlanes,
    List<ConnectorReport> Connectors, List<EncoderReport> Encoders, List<CrtcReport> Crtcs, List<PlaneReport> Planes);
internal sealed record ConnectorReport(uint Id, string Name, string Type, uint TypeId, string Connection, uint MmWidth, uint MmHeight,
    string Subpixel, uint? Encoder, List<uint> Encoders, uint PropertyCount, List<ModeReport> Modes);
internal sealed record ModeReport(string Name, uint VRefresh, uint Clock, ushort HDisplay, ushort HSyncStart, ushort HSyncEnd, ushort HTotal, ushort HSkew,
    ushort VDisplay, ushort VSyncStart, ushort VSyncEnd, ushort VTotal, ushort VScan, List<string> Flags, List<string> Type);
internal sealed record EncoderReport(uint Id, string Type, uint? Crtc, List<uint> PossibleCrtcs, List<uint> PossibleClones);
internal sealed record CrtcReport(uint Id, uint? Framebuffer, uint X, uint Y, uint GammaSize, ModeReport? Mode);
internal sealed record PlaneReport(uint Id, uint? Crtc, uint? Framebuffer, List<uint> PossibleCrtcs, uint GammaSize, List<string> Formats);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(KmsReport))]
internal sealed partial class KmsJson : JsonSerializerContext;
