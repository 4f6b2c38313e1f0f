using Uapi.Backends;
using Uapi.Backends.Loopback;
using Uapi.Backends.Loopback.Drm;
using Uapi.Drm;
using Uapi.Raw;

namespace Uapi.Tests;

/// <summary>Enumeration over loopbacks built for the purpose: PCI devices, KMS-only devices, several of each.</summary>
public sealed class EnumerationTests
{
    private static DrmDeviceModel Gpu(string driver, DrmDriverFeatures extra = 0, SysfsDevice? bus = null) =>
        new(driver, "0", driver, 1, 0, 0, DrmDriverFeatures.Gem | extra) { Bus = bus ?? SysfsDevice.Platform(driver) };

    /// <summary>vgem as StandardDevices has it, a virtio-gpu-like PCI device, a KMS-only card, and the accel device.</summary>
    private static LoopbackBackend Build()
    {
        var lb = new LoopbackBackend();
        var vgem = Gpu("vgem", DrmDriverFeatures.Render);
        lb.AddNode(new DrmNode("/dev/dri/card0", DeviceNodeKind.DrmPrimary, 226, 0, vgem));
        lb.AddNode(new DrmNode("/dev/dri/renderD128", DeviceNodeKind.DrmRender, 226, 128, vgem));
        var virtio = Gpu("virtio_gpu", DrmDriverFeatures.Render | DrmDriverFeatures.Modeset,
            SysfsDevice.PciFunction("0000:00:02.0", "virtio-pci", new PciIds(0x1af4, 0x1050, 0x1af4, 0x1100, 1)));
        lb.AddNode(new DrmNode("/dev/dri/card1", DeviceNodeKind.DrmPrimary, 226, 1, virtio));
        lb.AddNode(new DrmNode("/dev/dri/renderD129", DeviceNodeKind.DrmRender, 226, 129, virtio));
        var bochs = Gpu("bochs-drm", DrmDriverFeatures.Modeset, SysfsDevice.PciFunction("0000:00:01.0", "bochs-drm", new PciIds(0x1234, 0x1111, 0x1af4, 0x1100, 2)));
        lb.AddNode(new DrmNode("/dev/dri/card2", DeviceNodeKind.DrmPrimary, 226, 2, bochs));
        var accel = new LoopbackAccelDeviceModel();
        lb.AddNode(new DrmNode("/dev/accel/accel0", DeviceNodeKind.Accel, 261, 0, accel));
        return lb;
    }

    [Fact]
    public void Enumerate_GroupsMinorsByDevice_InDeviceNumberOrder()
    {
        var devices = DrmEnumerator.Enumerate(Build());
        Assert.Equal(["vgem", "virtio_gpu", "bochs-drm", "loopback_accel"], devices.Select(d => d.DriverName));
        Assert.Equal(["card0", "renderD128"], devices[0].Nodes.Select(n => n.Name));
        Assert.Equal(["card1", "renderD129"], devices[1].Nodes.Select(n => n.Name));
        Assert.Equal(["card2"], devices[2].Nodes.Select(n => n.Name));
        Assert.Equal(["accel0"], devices[3].Nodes.Select(n => n.Name));
    }

    [Fact]
    public void Enumerate_ReportsBusAndPciIds_FromTheDeviceModel()
    {
        var virtio = DrmEnumerator.Enumerate(Build()).Single(d => d.DriverName == "virtio_gpu");
        Assert.Equal(DrmBusType.Pci, virtio.Bus);
        Assert.Equal("0000:00:02.0", virtio.BusId);
        Assert.Equal("/sys/devices/pci0000:00/0000:00:02.0", virtio.SysfsPath);
        Assert.Equal("virtio-pci", virtio.BoundDriver);
        Assert.Equal(new PciIds(0x1af4, 0x1050, 0x1af4, 0x1100, 1), virtio.Pci);
        Assert.Equal("1af4:1050 (subsystem 1af4:1100, rev 01)", virtio.Pci.ToString());
    }

    [Fact]
    public void Enumerate_WithoutVersion_OpensNothing_AndFallsBackToTheBoundDriver()
    {
        var lb = Build();
        var devices = DrmEnumerator.Enumerate(lb, queryVersion: false);
        Assert.All(devices, d => Assert.Null(d.Version));
        Assert.Null(devices[0].DriverName); // vgem: no driver bound
        Assert.Equal("virtio-pci", devices[1].DriverName);
    }

    [Fact]
    public void Enumerate_OpensAKmsOnlyDevicesPrimaryForVersion_AndLeavesNoMasterBehind()
    {
        var lb = Build();
        Assert.Equal("bochs-drm", DrmEnumerator.Enumerate(lb)[2].Version!.Name);
        // The enumeration's open became master and gave it up on close: a new client can take it.
        using var card = DrmDevice.Open("/dev/dri/card2", lb);
        Assert.Equal(0, SetMaster(card));
    }

    private static unsafe int SetMaster(DrmDevice dev) => dev.Backend.Ioctl(dev.Fd, Raw.Interop.Drm.DRM_IOCTL_SET_MASTER, null);

    [Fact]
    public void PreferredNode_IsRender_ThenAccel_ThenPrimaryForKmsOnlyDevices()
    {
        var devices = DrmEnumerator.Enumerate(Build());
        Assert.Equal("/dev/dri/renderD128", devices[0].PreferredNode!.Path);
        Assert.Equal("/dev/dri/card2", devices[2].PreferredNode!.Path);
        Assert.Equal("/dev/accel/accel0", devices[3].PreferredNode!.Path);
    }

    [Fact]
    public void OpenPreferred_ByDriverOrPredicate()
    {
        var lb = Build();
        using (var d = DrmDevice.OpenPreferred("virtio_gpu", lb)) Assert.Equal("/dev/dri/renderD129", d.Path);
        using (var d = DrmDevice.OpenPreferred(i => i.Pci?.Vendor == 0x1234, lb)) Assert.Equal("/dev/dri/card2", d.Path);
        using (var d = DrmDevice.OpenPreferred(i => i.Accel is not null, lb)) Assert.Equal(DrmNodeType.Accel, d.GetNodeType());
        using (var d = DrmDevice.OpenPreferred(backend: lb)) Assert.Equal("/dev/dri/renderD128", d.Path);
    }

    [Fact]
    public void OpenPreferred_OnAnEmptyLoopback_FailsWithEnodev_NamingTheBackend()
    {
        var e = Assert.Throws<UapiException>(() => DrmDevice.OpenPreferred(backend: new LoopbackBackend()));
        Assert.Equal(Errno.ENODEV, e.Errno);
        Assert.Contains("loopback", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeType_ByPathAndFd_ForEachKind()
    {
        var lb = Build();
        Assert.Equal(DrmNodeType.Primary, DrmEnumerator.GetNodeType("/dev/dri/card1", lb));
        Assert.Equal(DrmNodeType.Render, DrmEnumerator.GetNodeType("/dev/dri/renderD129", lb));
        Assert.Equal(DrmNodeType.Accel, DrmEnumerator.GetNodeType("/dev/accel/accel0", lb));
        using var dev = DrmDevice.Open("/dev/accel/accel0", lb);
        Assert.Equal(DrmNodeType.Accel, dev.GetNodeType());
        Assert.Equal((261u, 0u), lb.CharDevice(dev.Fd));
    }

    [Fact]
    public void NodeType_IsNull_WhenTheNumberSaysDrmButTheSysfsClassDoesNot()
    {
        // A node on the drm major that sysfs files under another class is not a DRM minor (libdrm's check).
        var lb = new LoopbackBackend();
        lb.AddNode(new OddNode("/dev/dri/card7", 226, 7));
        Assert.Null(DrmEnumerator.GetNodeType("/dev/dri/card7", lb));
        Assert.Empty(DrmEnumerator.Enumerate(lb));
    }

    [Fact]
    public void NodeType_IsNull_ForAControlRangeMinor()
    {
        var lb = new LoopbackBackend();
        var dev = Gpu("x");
        lb.AddNode(new DrmNode("/dev/dri/controlD64", DeviceNodeKind.Other, 226, 64, dev));
        Assert.Null(DrmEnumerator.GetNodeType("/dev/dri/controlD64", lb));
    }

    [Fact]
    public void CharMajor_KnowsDrmAndAccel_AndTakesRegistrations()
    {
        var lb = new LoopbackBackend();
        Assert.Equal(226u, lb.CharMajor("drm"));
        Assert.Equal(261u, lb.CharMajor("accel"));
        Assert.Null(lb.CharMajor("vfio"));
        lb.RegisterCharMajor("vfio", 242);
        Assert.Equal(242u, lb.CharMajor("vfio"));
    }

    [Fact]
    public void StandardLoopback_HasVgemAsBarePlatformDevice_AndTheAccelDevice()
    {
        var devices = DrmEnumerator.Enumerate(LoopbackBackend.Standard());
        var vgem = devices.Single(d => d.DriverName == "vgem");
        Assert.Equal(SysfsDevice.Platform("vgem").Path, vgem.SysfsPath);
        Assert.Null(vgem.BoundDriver);
        var accel = devices.Single(d => d.DriverName == LoopbackAccelDeviceModel.Name);
        Assert.Equal(DrmBusType.Platform, accel.Bus);
        Assert.Equal("/dev/accel/accel0", Assert.Single(accel.Nodes).Path);
    }

    private sealed class OddNode(string path, uint major, uint minor) : LoopbackNode(path, DeviceNodeKind.DrmPrimary, major, minor)
    {
        internal override LoopbackFile? Open(LoopbackBackend backend, int flags, out Errno errno) { errno = Errno.ENXIO; return null; }
        internal override SysfsCharDevice? Sysfs => new(Major, Minor, "card7", "misc", SysfsDevice.Platform("odd"));
    }
}
