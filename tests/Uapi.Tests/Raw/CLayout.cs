using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Uapi.Raw;

namespace Uapi.Tests;

/// <summary>The JSON printed by native/layout/layout.c.</summary>
internal sealed class CLayout
{
    public required string Source { get; init; }
    public required string HeaderInfo { get; init; }
    public required Dictionary<string, CStruct> Structs { get; init; }
    public required Dictionary<string, decimal> Constants { get; init; }
    /// <summary>ioctl macro → the struct it carries (null for _IO and scalar arguments).</summary>
    public required Dictionary<string, string?> Ioctls { get; init; }

    /// <summary>The header sets, oldest first: the installed ones (linux-libc-dev + libdrm-dev) and Linux 6.12's headers_install.</summary>
    public const string Installed = "installed";
    public const string Linux612 = "6.12";
    public static readonly string[] HeaderSets = [Installed, Linux612];

    public static CLayout Load(string set)
    {
        var path = FindOrBuildJson(set);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;

        var structs = new Dictionary<string, CStruct>(StringComparer.Ordinal);
        foreach (var s in root.GetProperty("structs").EnumerateObject())
        {
            var sizes = s.Value.GetProperty("field_sizes");
            var fields = s.Value.GetProperty("fields").EnumerateObject()
                .Select(f => new LayoutField(f.Name, f.Value.GetInt32(), sizes.GetProperty(f.Name).GetInt32())).ToList();
            var trailing = s.Value.GetProperty("trailing").EnumerateObject()
                .Select(f => new LayoutField(f.Name, f.Value.GetInt32(), 0)).ToList();
            structs.Add(s.Name, new CStruct(s.Name, s.Value.GetProperty("size").GetInt32(), s.Value.GetProperty("align").GetInt32(), fields, trailing));
        }

        var constants = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var c in root.GetProperty("constants").EnumerateObject())
            constants[c.Name] = c.Value.TryGetUInt64(out var u) ? u : c.Value.GetInt64();

        var ioctls = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var i in root.GetProperty("ioctls").EnumerateObject())
            ioctls[i.Name] = i.Value.ValueKind == JsonValueKind.Null ? null : i.Value.GetString();

        var headers = root.GetProperty("headers");
        var code = headers.GetProperty("linux_version_code").GetInt32();
        var info = $"linux headers {code >> 16}.{(code >> 8) & 0xFF}.{code & 0xFF}, {headers.GetProperty("compiler").GetString()}";
        return new CLayout { Source = path, HeaderInfo = info, Structs = structs, Constants = constants, Ioctls = ioctls };
    }

    /// <summary>
    /// $UAPI_LAYOUT_JSON (installed) or $UAPI_LAYOUT_JSON_6_12 if set, else runs native/layout/build.sh (idempotent,
    /// fast when built; the 6.12 headers are made once and cached).
    /// </summary>
    private static string FindOrBuildJson(string headers)
    {
        var variable = headers == Installed ? "UAPI_LAYOUT_JSON" : "UAPI_LAYOUT_JSON_" + headers.Replace('.', '_');
        var env = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(env))
            return File.Exists(env) ? env : throw new FileNotFoundException(variable + " points to a missing file", env);

        var repo = FindRepoRoot();
        var script = Path.Combine(repo, "native", "layout", "build.sh");
        var json = Path.Combine(repo, "artifacts", "layout", headers == Installed ? "layout.json" : $"layout-{headers}.json");
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repo,
        };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(json);
        if (headers != Installed) psi.ArgumentList.Add(headers);
        var stderr = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        p.OutputDataReceived += (_, _) => { };
        p.Start();
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        // Ten minutes covers an apt-get install of the headers, or 6.12's headers_install, on a cold machine.
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in 10 minutes");
        }
        p.WaitForExit(); // drain the redirected streams
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{script} exited with {p.ExitCode} (set {variable} to use a prebuilt layout JSON):\n{stderr}");
        return json;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Interop.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"no Interop.sln above {AppContext.BaseDirectory}; set UAPI_LAYOUT_JSON");
    }
}
