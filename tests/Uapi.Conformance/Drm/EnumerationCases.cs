using System.Text.RegularExpressions;
using Uapi.Async;
using Uapi.Backends;
using Uapi.Drm;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Conformance;

/// <summary>
/// Device enumeration as the kernel lays it out in /dev, /sys and /proc (6.1 VM: vgem is the platform device
/// "vgem" with card0 + renderD128 and no driver bound; virtio-gpu is PCI 0000:00:02.0, 1af4:1050, bound to
/// virtio-pci, with card1 + renderD129; no accel class).
/// </summary>
public unsafe partial class EnumerationCases(ITestOutputHelper output)
{
    private static Backend B => Capabilities.Backend;

    private IReadOnlyList<DrmDeviceInfo> Enumerate()
    {
        var devices = DrmEnumerator.Enumerate(B);
        foreach (var d in devices)
            output.WriteLine($"{d.DriverName} {d.Bus} {d.BusId} driver={d.BoundDriver} pci={d.Pci} {d.SysfsPath}: " +
                             string.Join(" ", d.Nodes.Select(n => $"{n.Name}({n.Type} {n.Major}:{n.Minor} {n.Path})")));
        return devices;
    }

    private DrmDeviceInfo Single(string driver)
    {
        var matches = Enumerate().Where(d => d.DriverName == driver).ToList();
        Assert.True(matches.Count == 1, $"expected one {driver} device, found {matches.Count}");
        return matches[0];
    }

    [GeneratedRegex(@"^/dev/dri/card(\d+)$")] private static partial Regex CardPath();
    [GeneratedRegex(@"^/dev/dri/renderD(\d+)$")] private static partial Regex RenderPath();
    [GeneratedRegex(@"^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$")] private static partial Regex PciAddress();

    /// <summary>The node's name and path follow its minor: cardN for primary minor N, renderDN for render minor N.</summary>
    private static void AssertNamedByMinor(DrmNodeInfo node)
    {
        Assert.Equal(DrmMajorOf(), node.Major);
        var (regex, lo, hi) = node.Type == DrmNodeType.Primary ? (CardPath(), 0u, 63u) : (RenderPath(), 128u, 191u);
        Assert.InRange(node.Minor, lo, hi);
        var m = regex.Match(node.Path ?? "");
        Assert.True(m.Success, $"{node.Type} node path '{node.Path}'");
        Assert.Equal(node.Minor.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Groups[1].Value);
        Assert.Equal(System.IO.Path.GetFileName(node.Path), node.Name);
    }

    private static uint DrmMajorOf() => B.CharMajor("drm") ?? throw new Xunit.Sdk.XunitException("/proc/devices has no drm major");

    [Fact]
    public void DrmMajor_Is226()
    {
        Capabilities.Require(Capabilities.Vgem);
        Assert.Equal(226u, B.CharMajor("drm"));
    }

    [Fact]
    public void Enumerate_FindsVgem_AsPlatformDeviceWithoutDriver_WithOnePrimaryAndOneRenderNode()
    {
        Capabilities.Require(Capabilities.Vgem);
        var vgem = Single("vgem");
        Assert.Equal(DrmBusType.Platform, vgem.Bus);
        Assert.Equal("platform", vgem.Subsystem);
        Assert.Equal("vgem", vgem.BusId);
        Assert.Equal("vgem", vgem.PlatformName);
        Assert.Equal("/sys/devices/platform/vgem", vgem.SysfsPath);
        Assert.Null(vgem.BoundDriver); // vgem registers a bare platform device: no device/driver link
        Assert.Null(vgem.Pci);
        Assert.Equal(2, vgem.Nodes.Count);
        AssertNamedByMinor(vgem.Primary!);
        AssertNamedByMinor(vgem.Render!);
        Assert.Null(vgem.Accel);
        Assert.Equal("Virtual GEM provider", vgem.Version!.Description);
    }

    [Fact]
    public void Enumerate_FindsVirtioGpu_AsPciDevice1af4_1050_BoundToVirtioPci()
    {
        Capabilities.Require(Capabilities.VirtioGpu);
        var gpu = Single("virtio_gpu");
        Assert.Equal(DrmBusType.Pci, gpu.Bus);
        Assert.Equal("pci", gpu.Subsystem);
        Assert.Matches(PciAddress(), gpu.BusId!);
        Assert.EndsWith("/" + gpu.BusId, gpu.SysfsPath, StringComparison.Ordinal);
        // The DRM device hangs off the virtio transport's PCI function, whose driver is virtio-pci, not virtio_gpu.
        Assert.Equal("virtio-pci", gpu.BoundDriver);
        Assert.Null(gpu.PlatformName);
        var pci = Assert.NotNull(gpu.Pci);
        Assert.Equal(0x1af4, pci.Vendor);
        Assert.Equal(0x1050, pci.Device); // 0x1040 + VIRTIO_ID_GPU (16): a modern virtio device
        Assert.Equal(0x1af4, pci.SubsystemVendor);
        Assert.Equal(2, gpu.Nodes.Count);
        AssertNamedByMinor(gpu.Primary!);
        AssertNamedByMinor(gpu.Render!);
    }

    [Fact]
    public void Enumerate_PutsEveryDrmNodeUnderDev_InExactlyOneDevice_AndDevicesHaveDistinctSysfsPaths()
    {
        Capabilities.Require(Capabilities.Vgem);
        var devices = Enumerate();
        var listed = devices.SelectMany(d => d.Nodes).Where(n => n.Path is not null).Select(n => n.Path!).ToList();
        var nodes = B.EnumerateNodes().Where(n => n.Kind is DeviceNodeKind.DrmPrimary or DeviceNodeKind.DrmRender or DeviceNodeKind.Accel).ToList();
        Assert.Equal(nodes.Select(n => n.Path).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(devices.Count, devices.Select(d => d.SysfsPath).Distinct().Count());
        foreach (var d in devices)
        {
            // At most one node of each type per device, and every node's sysfs entry leads to the device's path.
            Assert.Equal(d.Nodes.Count, d.Nodes.Select(n => n.Type).Distinct().Count());
            foreach (var n in d.Nodes)
                Assert.Equal(d.SysfsPath, B.DescribeCharDevice(n.Major, n.Minor)!.Device.Path);
        }
    }

    [Fact]
    public void Enumerate_IsOrderedByDeviceNumber_SoCard0sDeviceComesFirst()
    {
        Capabilities.Require(Capabilities.Vgem);
        var first = Enumerate().Select(d => d.Nodes.Min(n => ((ulong)n.Major << 32) | n.Minor)).ToList();
        Assert.Equal(first.Order(), first);
    }

    [Fact]
    public void SysfsClass_OfPrimaryAndRenderMinors_IsDrm_AndConnectorsAreNotListed()
    {
        Capabilities.Require(Capabilities.Vgem);
        var members = B.EnumerateClass("drm");
        var nodes = B.EnumerateNodes().Where(n => n.Kind is DeviceNodeKind.DrmPrimary or DeviceNodeKind.DrmRender).Select(n => (n.Major, n.Minor));
        Assert.Equal(nodes.Order(), members);
        foreach (var (major, minor) in members)
        {
            var s = B.DescribeCharDevice(major, minor)!;
            Assert.Equal("drm", s.Class);
            Assert.Equal((major, minor), (s.Major, s.Minor));
        }
    }

    [Fact]
    public void NodeType_FromOpenFd_AgreesWithPathAndEnumeration_ForEveryNode()
    {
        Capabilities.Require(Capabilities.Vgem);
        foreach (var node in Enumerate().SelectMany(d => d.Nodes))
        {
            Assert.Equal(node.Type, DrmEnumerator.GetNodeType(node.Path!, B));
            using var dev = DrmDevice.Open(node.Path!, B);
            Assert.Equal(node.Type, dev.GetNodeType());
            Assert.Equal((node.Major, node.Minor), B.CharDevice(dev.Fd));
        }
    }

    [Fact]
    public void NodeType_OfAnEventFd_IsNull()
    {
        using var ev = EventFd.Create();
        using var fd = ev.Handle.DuplicateInto(B);
        Assert.Null(B.CharDevice(fd));
        Assert.Null(DrmEnumerator.GetNodeType(fd));
    }

    [Fact]
    public void NodeType_OfAMissingPath_IsNull() =>
        Assert.Null(DrmEnumerator.GetNodeType("/dev/dri/renderD191", B));

    [Fact]
    public void DescribeCharDevice_OfAnUnusedDrmMinor_IsNull()
    {
        Capabilities.Require(Capabilities.Vgem);
        Assert.Null(B.DescribeCharDevice(DrmMajorOf(), 191));
    }

    [Fact]
    public void OpenPreferred_ForVgem_OpensItsRenderNode_WhichHasNoMaster()
    {
        Capabilities.Require(Capabilities.Vgem);
        var vgem = Single("vgem");
        using var dev = DrmDevice.OpenPreferred("vgem", B);
        Assert.Equal(vgem.Render!.Path, dev.Path);
        Assert.Equal(DrmNodeType.Render, dev.GetNodeType());
        Assert.Equal("vgem", dev.Version().Name);
        Assert.Equal(-(int)Errno.EACCES, SetMaster(dev.Fd));
    }

    [Fact]
    public void OpenPreferred_ForVirtioGpu_OpensItsRenderNode()
    {
        Capabilities.Require(Capabilities.VirtioGpu);
        using var dev = DrmDevice.OpenPreferred("virtio_gpu", B);
        Assert.Equal(Single("virtio_gpu").Render!.Path, dev.Path);
        Assert.Equal(DrmNodeType.Render, dev.GetNodeType());
    }

    [Fact]
    public void OpenPreferred_WithoutDriver_OpensTheFirstDevicesPreferredNode()
    {
        Capabilities.Require(Capabilities.Vgem);
        var first = Enumerate()[0];
        using var dev = DrmDevice.OpenPreferred(backend: B);
        Assert.Equal(first.PreferredNode!.Path, dev.Path);
    }

    [Fact]
    public void OpenPreferred_ForAbsentDriver_FailsWithEnodev()
    {
        var e = Assert.Throws<UapiException>(() => DrmDevice.OpenPreferred("no_such_driver", B));
        Assert.Equal(Errno.ENODEV, e.Errno);
        Assert.Contains("no_such_driver", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AccelClass_IsAbsent_WhereNoAccelDriverIs()
    {
        Capabilities.RequireAbsent(Capabilities.Accel);
        Assert.DoesNotContain(B.EnumerateNodes(), n => n.Kind == DeviceNodeKind.Accel);
        Assert.Empty(B.EnumerateClass("accel"));
        Assert.All(Enumerate(), d => Assert.Null(d.Accel));
    }

    [Fact]
    public void Enumerate_ListsAccelMinors_AsDevicesWithOnlyAnAccelNode()
    {
        Capabilities.Require(Capabilities.Accel);
        var accelMajor = B.CharMajor("accel");
        Assert.NotNull(accelMajor);
        var accels = Enumerate().Where(d => d.Accel is not null).ToList();
        Assert.NotEmpty(accels);
        foreach (var d in accels)
        {
            // DRIVER_COMPUTE_ACCEL devices register the accel minor and nothing else.
            Assert.Single(d.Nodes);
            Assert.Equal(accelMajor, d.Accel!.Major);
            Assert.Matches(@"^/dev/accel/accel\d+$", d.Accel.Path!);
            Assert.Equal("accel", B.DescribeCharDevice(d.Accel.Major, d.Accel.Minor)!.Class);
            Assert.Equal(d.Accel, d.PreferredNode);
            using var dev = DrmDevice.OpenPreferred(d, B);
            Assert.Equal(DrmNodeType.Accel, dev.GetNodeType());
            Assert.Equal(d.DriverName, dev.Version().Name);
        }
    }
}
