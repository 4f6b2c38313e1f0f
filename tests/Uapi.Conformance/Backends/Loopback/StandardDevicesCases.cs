using Uapi.Backends;
using Uapi.Backends.Loopback;
using Uapi.Drm;

namespace Uapi.Conformance;

/// <summary>
/// The loopback's standard devices are the VM's, node for node: every node the backend under test has under /dev/dri,
/// /dev/dma_heap, /dev/vfio, /dev/udmabuf and /dev/iommu is in <c>LoopbackBackend.Standard(profile)</c> for the backend's
/// kernel (6.1: TestKernel61, or Stock61 where vgem lacks syncobj; 6.12: TestKernel612), with the same path and kind,
/// the same device number where the kernel's numbering is stable (DRM minors; misc minors, which each kernel hands out
/// in the same order every boot), and for DRM nodes the same driver and syncobj caps. On the loopback the shared
/// backend (the current profile) is checked against the 6.12 profile. The loopback may have more (accel, /dev/syncobj).
/// </summary>
public sealed class StandardDevicesCases(ITestOutputHelper output)
{
    private static readonly string[] Compared = ["/dev/dri/", "/dev/dma_heap/", "/dev/vfio/", "/dev/udmabuf", "/dev/iommu"];

    private static Backend B => Capabilities.Backend;

    /// <summary>The standard-device profile that models the backend's kernel.</summary>
    private static StandardDeviceOptions Profile() =>
        B.KernelVersion >= StandardDeviceOptions.Linux612 ? StandardDeviceOptions.TestKernel612
        : Capabilities.Probe(Capabilities.Syncobj).Present ? StandardDeviceOptions.TestKernel61
        : StandardDeviceOptions.Stock61;

    private static bool IsCompared(DeviceNode n) =>
        Compared.Any(p => p.EndsWith('/') ? n.Path.StartsWith(p, StringComparison.Ordinal) : n.Path == p)
        && !n.Path.StartsWith("/dev/dri/by-", StringComparison.Ordinal); // udev's symlinks, where a udev runs

    private List<DeviceNode> KernelNodes()
    {
        var nodes = B.EnumerateNodes().Where(IsCompared).ToList();
        output.WriteLine($"{B.Name} {B.KernelVersion}: " + string.Join(", ", nodes.Select(n => $"{n.Path} ({n.Kind} {n.Major}:{n.Minor})")));
        return nodes;
    }

    [Fact]
    public void EveryNode_IsInTheStandardLoopback_WithTheSamePathKindAndStableNumber()
    {
        var profile = Profile();
        var lb = LoopbackBackend.Standard(profile);
        var model = lb.EnumerateNodes().ToDictionary(n => n.Path);
        var kernel = KernelNodes();
        Assert.NotEmpty(kernel);
        var wrong = new List<string>();
        foreach (var n in kernel)
        {
            if (!model.TryGetValue(n.Path, out var m)) { wrong.Add($"{n.Path} ({n.Kind} {n.Major}:{n.Minor}): no such loopback node"); continue; }
            if (m.Kind != n.Kind) wrong.Add($"{n.Path}: kind {n.Kind}, loopback {m.Kind}");
            // DRM_MAJOR and misc's major are fixed, and so are the minors under them; other majors are dynamic.
            bool stable = n.Major is 226 or 10;
            if (stable && (m.Major, m.Minor) != (n.Major, n.Minor)) wrong.Add($"{n.Path}: {n.Major}:{n.Minor}, loopback {m.Major}:{m.Minor}");
        }
        Assert.True(wrong.Count == 0, $"loopback {profile.Kernel} profile against {B.Name} {B.KernelVersion}:\n  " + string.Join("\n  ", wrong));
    }

    [Fact]
    public void EveryDrmNode_HasTheSameDriverAndSyncobjCaps_InTheStandardLoopback()
    {
        var profile = Profile();
        var lb = LoopbackBackend.Standard(profile);
        var wrong = new List<string>();
        foreach (var n in KernelNodes().Where(n => n.Kind is DeviceNodeKind.DrmPrimary or DeviceNodeKind.DrmRender))
        {
            if (lb.CharDevice(n.Path) is null) { wrong.Add($"{n.Path}: no such loopback node"); continue; }
            var (driver, syncobj, timeline) = Describe(B, n.Path);
            var (mDriver, mSyncobj, mTimeline) = Describe(lb, n.Path);
            output.WriteLine($"{n.Path}: {driver} syncobj={syncobj} timeline={timeline}; loopback {mDriver} syncobj={mSyncobj} timeline={mTimeline}");
            if ((driver, syncobj, timeline) != (mDriver, mSyncobj, mTimeline))
                wrong.Add($"{n.Path}: {driver} syncobj={syncobj} timeline={timeline}, loopback {mDriver} syncobj={mSyncobj} timeline={mTimeline}");
        }
        Assert.True(wrong.Count == 0, $"loopback {profile.Kernel} profile against {B.Name} {B.KernelVersion}:\n  " + string.Join("\n  ", wrong));
    }

    private static (string Driver, ulong Syncobj, ulong Timeline) Describe(Backend backend, string path)
    {
        using var dev = DrmDevice.Open(path, backend);
        // GET_CAP answers these two on every node of every driver (0 without the feature).
        return (dev.Version().Name, dev.GetCap(DrmCapability.Syncobj), dev.GetCap(DrmCapability.SyncobjTimeline));
    }
}
