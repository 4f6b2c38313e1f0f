using Uapi.Backends;
using Uapi.Drm;
using Uapi.Vfio;
using static Uapi.Raw.Interop;

namespace Uapi.Conformance;

/// <summary>
/// What the backend under test offers, probed through the library itself. The runner says what it expects
/// (UAPI_EXPECT) and what it expects to be missing (UAPI_EXPECT_ABSENT): a case whose capability is expected
/// but missing fails instead of skipping, and a case about an absence fails if the feature turns up.
/// </summary>
public static class Capabilities
{
    public const string Vgem = "drm.vgem";
    public const string VirtioGpu = "drm.virtio-gpu";
    public const string Syncobj = "syncobj";
    public const string SyncobjTimeline = "syncobj.timeline";
    public const string VfioType1 = "vfio.type1";
    public const string VfioGroup = "vfio.group";
    public const string DmaHeapSystem = "dma-heap.system";
    public const string Udmabuf = "udmabuf";
    /// <summary>A CMA heap, as the test kernel names it (cma=64M).</summary>
    public const string DmaHeapReserved = "dma-heap.reserved";
    /// <summary>The 2026 charge_pid_fd RFC on the system heap: the loopback only.</summary>
    public const string DmaHeapCharge = "dma-heap.charge";
    public const string Accel = "drm.accel";
    public const string SwSync = "sw_sync";
    public const string SyncobjEventfd = "syncobj.eventfd";
    public const string SyncobjDeadline = "syncobj.deadline";
    public const string SyncobjTimelineSyncFile = "syncobj.timeline-sync-file";
    /// <summary>/dev/syncobj, the 2026 RFC's misc device: on the loopback only, as no kernel we boot has it.</summary>
    public const string SyncobjDev = "syncobj.dev";
    /// <summary>Any syncobj provider at all: /dev/syncobj, or a render node with DRM_CAP_SYNCOBJ_TIMELINE = 1.</summary>
    public const string SyncobjProvider = "syncobj.provider";

    public static readonly string[] All = [Vgem, VirtioGpu, Syncobj, SyncobjTimeline, VfioType1, VfioGroup, DmaHeapSystem, DmaHeapReserved, DmaHeapCharge, Udmabuf, Accel,
        SwSync, SyncobjEventfd, SyncobjDeadline, SyncobjTimelineSyncFile, SyncobjDev, SyncobjProvider];

    public static Backend Backend => Backend.Default;

    /// <summary>
    /// The answer the backend's kernel gives where 6.1 and 6.12 disagree on the same input: each expectation
    /// names the kernel it was measured on. The loopback says which kernel it models (its profile).
    /// </summary>
    public static T ByKernel<T>(T linux61, T linux612) => Backend.KernelVersion >= new Version(6, 12) ? linux612 : linux61;

    public static IReadOnlySet<string> Expected { get; } = ReadList("UAPI_EXPECT");
    public static IReadOnlySet<string> ExpectedAbsent { get; } = ReadList("UAPI_EXPECT_ABSENT");

    private static HashSet<string> ReadList(string variable) =>
        (Environment.GetEnvironmentVariable(variable) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();

    private static readonly Dictionary<string, (bool Present, string Detail)> s_cache = new();

    /// <summary>Probes once per run: is the capability there, and what was seen.</summary>
    public static (bool Present, string Detail) Probe(string capability)
    {
        lock (s_cache)
        {
            if (!s_cache.TryGetValue(capability, out var r)) s_cache[capability] = r = ProbeUncached(capability);
            return r;
        }
    }

    private static (bool, string) ProbeUncached(string capability)
    {
        try
        {
            switch (capability)
            {
                case Vgem: return FindRenderNode("vgem") is { } v ? (true, v) : (false, "no render node reports driver vgem");
                case VirtioGpu: return FindRenderNode("virtio_gpu") is { } g ? (true, g) : (false, "no render node reports driver virtio_gpu");
                case Syncobj: return DrmCap(Raw.Interop.Drm.DRM_CAP_SYNCOBJ);
                case SyncobjTimeline: return DrmCap(Raw.Interop.Drm.DRM_CAP_SYNCOBJ_TIMELINE);
                case VfioType1:
                    if (Backend.CharDevice(VfioContainer.DefaultPath) is null) return (false, "no /dev/vfio/vfio");
                    using (var c = VfioContainer.Open(Backend))
                        return c.CheckExtension(VfioExtension.Type1v2Iommu) ? (true, "TYPE1v2") : (false, "TYPE1v2 not offered");
                case VfioGroup:
                    var groups = Backend.EnumerateNodes().Where(n => n.Kind == DeviceNodeKind.VfioGroup).ToList();
                    return groups.Count > 0 ? (true, string.Join(",", groups.Select(g => g.Path))) : (false, "no /dev/vfio/<group> node");
                case DmaHeapSystem: return Node("/dev/dma_heap/system");
                case DmaHeapReserved: return Node("/dev/dma_heap/reserved");
                case DmaHeapCharge:
                    if (Backend.CharDevice("/dev/dma_heap/system") is null) return (false, "no /dev/dma_heap/system");
                    using (var heap = Uapi.DmaBuf.DmaHeap.Open("system", Backend))
                        return (heap.SupportsChargeToPidfd(out var why), why);
                case SwSync: return Uapi.Sync.SwSyncTimeline.IsAvailable(Backend) ? (true, Uapi.Sync.SwSyncTimeline.Path) : (false, Uapi.Sync.SwSyncTimeline.Path + " cannot be opened");
                case SyncobjEventfd: return WithSyncobjDevice(d => Uapi.Sync.SyncProbe.HasEventfd(d), "SYNCOBJ_EVENTFD");
                case SyncobjDeadline: return WithSyncobjDevice(d => Uapi.Sync.SyncProbe.HasWaitDeadline(d), "WAIT_DEADLINE");
                case SyncobjTimelineSyncFile: return WithSyncobjDevice(d => Uapi.Sync.SyncProbe.HasTimelineSyncFile(d), "*_FLAGS_TIMELINE");
                case SyncobjDev:
                    using (var dev = Uapi.Sync.SyncobjProvider.TryOpenDevSyncobj(Backend, out var why))
                        return dev is not null ? (true, dev.Description) : (false, why);
                case SyncobjProvider:
                    if (!Uapi.Sync.SyncobjProvider.TryOpen(out var provider, out var tried, Backend)) return (false, "tried " + tried);
                    using (provider) return (true, provider!.Description);
                case Udmabuf: return Node("/dev/udmabuf");
                case Accel:
                    var accel = DrmEnumerator.Enumerate(Backend, queryVersion: false).Where(d => d.Accel is not null).Select(d => d.Accel!.Name).ToList();
                    return accel.Count > 0 ? (true, string.Join(",", accel)) : (false, $"no accel minor (accel major: {Backend.CharMajor("accel")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})");
                default: throw new ArgumentException("unknown capability " + capability);
            }
        }
        catch (UapiException e)
        {
            return (false, e.Message);
        }
    }

    private static (bool, string) WithSyncobjDevice(Func<DrmDevice, bool> probe, string what)
    {
        var (present, detail) = Probe(SyncobjTimeline);
        if (!present) return (false, "no timeline syncobj device: " + detail);
        using var dev = DrmDevice.Open(FindRenderNode("vgem")!, Backend);
        return probe(dev) ? (true, what + " accepted") : (false, what + " rejected by the kernel");
    }

    private static (bool, string) Node(string path) => Backend.CharDevice(path) is { } d ? (true, $"{path} {d.Major}:{d.Minor}") : (false, path + " missing");

    private static (bool, string) DrmCap(ulong cap)
    {
        var vgem = FindRenderNode("vgem");
        if (vgem is null) return (false, "no vgem render node");
        using var dev = DrmDevice.Open(vgem, Backend);
        var errno = dev.TryGetCap(cap, out var value);
        return (errno == Errno.None && value != 0, $"GET_CAP(0x{cap:x}) on {vgem}: {(errno == Errno.None ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : errno.Name())}");
    }

    /// <summary>The first render node whose driver has this name.</summary>
    public static string? FindRenderNode(string driver) => FindNode(driver, DeviceNodeKind.DrmRender);

    /// <summary>The first primary node (/dev/dri/cardN) whose driver has this name.</summary>
    public static string? FindPrimaryNode(string driver) => FindNode(driver, DeviceNodeKind.DrmPrimary);

    private static string? FindNode(string driver, DeviceNodeKind kind)
    {
        foreach (var node in Backend.EnumerateNodes().Where(n => n.Kind == kind))
        {
            using var dev = DrmDevice.Open(node.Path, Backend);
            if (dev.Version().Name == driver) return node.Path;
        }
        return null;
    }

    /// <summary>Run the case only with the capability: skip if absent and not expected, fail if expected.</summary>
    public static void Require(string capability)
    {
        var (present, detail) = Probe(capability);
        if (present) return;
        if (Expected.Contains(capability)) Assert.Fail($"capability '{capability}' is expected on this backend but missing: {detail}");
        Assert.Skip($"capability '{capability}' absent on {Backend.Name}: {detail}");
    }

    /// <summary>Run an absence case only where the capability is missing; fail if it was expected missing but is there.</summary>
    public static void RequireAbsent(string capability)
    {
        var (present, detail) = Probe(capability);
        if (!present) return;
        if (ExpectedAbsent.Contains(capability)) Assert.Fail($"capability '{capability}' was expected to be absent but is present: {detail}");
        Assert.Skip($"capability '{capability}' is present on {Backend.Name}; this case is about its absence");
    }
}
