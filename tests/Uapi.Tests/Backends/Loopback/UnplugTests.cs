using Uapi.Backends;
using Uapi.Backends.Loopback;
using Uapi.Backends.Loopback.Drm;
using Uapi.Drm;
using Uapi.Raw;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Tests;

/// <summary>
/// LoopbackBackend.Unplug, the hot-unplug fault, against what the 6.1 kernel did when virtio-gpu's PCI function
/// was removed under open fds (stock kernel, QEMU): every ioctl on the open fds, a non-DRM one included, and a
/// new mmap gave ENODEV; the old GEM mapping still read and wrote the buffer's pages, as did a mapping of the
/// exported dma-buf; opening card1 or renderD129 by path gave ENOENT (a stale node for 226:129 gave ENODEV);
/// fstat still reported 226:129 while /sys/dev/char/226:129 was gone; close succeeded.
/// </summary>
public sealed unsafe class UnplugTests
{
    private static DrmVersion EmptyVersion() => new();

    [Fact]
    public void Ioctl_OnOpenFds_FailsWithEnodev_EvenForNonDrmRequests()
    {
        var lb = LoopbackBackend.Standard();
        using var render = DrmDevice.Open("/dev/dri/renderD128", lb);
        using var card = DrmDevice.Open("/dev/dri/card0", lb);
        Assert.Equal("vgem", render.Version().Name);
        lb.Unplug("/dev/dri/renderD128");
        var v = EmptyVersion();
        Assert.Equal(-(int)Errno.ENODEV, lb.Ioctl(render.Fd, DRM_IOCTL_VERSION, &v));
        Assert.Equal(-(int)Errno.ENODEV, lb.Ioctl(card.Fd, DRM_IOCTL_VERSION, &v)); // every minor of the device
        Assert.Equal(-(int)Errno.ENODEV, lb.Ioctl(render.Fd, 0x5401 /* TCGETS */, &v));
        Assert.Equal(Errno.ENODEV, render.TryGetCap(DrmCapability.Prime, out _));
    }

    [Fact]
    public void Ioctl_AfterUnplug_ThrowsUapiExceptionNamingIoctlPathAndEnodev()
    {
        var lb = LoopbackBackend.Standard();
        using var dev = DrmDevice.Open("/dev/dri/renderD128", lb);
        lb.Unplug(lb.FindNode("/dev/dri/card0") is DrmNode n ? n.Device : throw new InvalidOperationException());
        var e = Assert.Throws<UapiException>(() => dev.Version());
        Assert.Equal(Errno.ENODEV, e.Errno);
        Assert.Equal(nameof(DRM_IOCTL_VERSION), e.Operation);
        Assert.Equal("/dev/dri/renderD128", e.DevicePath);
        Assert.Equal("DRM_IOCTL_VERSION on /dev/dri/renderD128 failed: ENODEV (No such device)", e.Message);
    }

    [Fact]
    public void Open_AfterUnplug_FailsWithEnoent_ForEveryNodeOfTheDevice_AndOtherDevicesStay()
    {
        var lb = LoopbackBackend.Standard();
        lb.Unplug("/dev/dri/card0");
        Assert.Equal(Errno.ENOENT, lb.TryOpen("/dev/dri/card0", OpenFlags.ReadWrite, out _));
        Assert.Equal(Errno.ENOENT, lb.TryOpen("/dev/dri/renderD128", OpenFlags.ReadWrite, out _));
        var e = Assert.Throws<UapiException>(() => DrmDevice.Open("/dev/dri/renderD128", lb));
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Equal("open", e.Operation);
        using var accel = DrmDevice.Open("/dev/accel/accel0", lb);
        Assert.Equal(LoopbackAccelDeviceModel.Name, accel.Version().Name);
    }

    [Fact]
    public void StaleNode_OfAnUnpluggedDevice_OpensWithEnodev()
    {
        // What drm_minor_acquire() answers for a node that outlived its device (the kernel gave ENODEV for a mknod'd 226:129).
        var lb = LoopbackBackend.Standard();
        var node = (DrmNode)lb.FindNode("/dev/dri/renderD128")!;
        lb.Unplug(node.Device);
        lb.AddNode(new DrmNode("/tmp/stale", DeviceNodeKind.DrmRender, node.Major, node.Minor, node.Device));
        Assert.Equal(Errno.ENODEV, lb.TryOpen("/tmp/stale", OpenFlags.ReadWrite, out _));
    }

    [Fact]
    public void Unplug_RemovesTheDeviceFromEnumerationAndSysfs_ButFstatStillReportsTheMinor()
    {
        var lb = LoopbackBackend.Standard();
        using var dev = DrmDevice.Open("/dev/dri/renderD128", lb);
        Assert.Equal(DrmNodeType.Render, dev.GetNodeType());
        lb.Unplug("/dev/dri/renderD128");
        Assert.DoesNotContain(DrmEnumerator.Enumerate(lb), d => d.DriverName == "vgem");
        Assert.Null(lb.DescribeCharDevice(226, 128));
        Assert.DoesNotContain((226u, 128u), lb.EnumerateClass("drm"));
        Assert.Equal((226u, 128u), lb.CharDevice(dev.Fd));
        Assert.Null(dev.GetNodeType()); // sysfs no longer confirms it
    }

    [Fact]
    public void ShmemMapping_KeepsTheBuffersPages_AndNewMmapFailsWithEnodev()
    {
        var lb = LoopbackBackend.Standard();
        using var card = DrmDevice.Open("/dev/dri/card0", lb);
        using var buf = card.CreateDumb(64, 64, 32);
        using var map = buf.Map();
        for (int i = 0; i < 64; i++) map.Write32(i * 4, 0xAB000000u | (uint)i);
        using var dmaBuf = buf.ExportDmaBuf();
        using var dmaMap = lb.Map(dmaBuf, 0, (long)buf.Size);

        lb.Unplug("/dev/dri/card0");

        Assert.Equal(0xAB000001u, map.Read32(4));
        map.Write32(8, 0x12345678);
        Assert.Equal(0x12345678u, map.Read32(8));
        Assert.Equal(0x12345678u, dmaMap.Read32(8)); // still the same pages
        var e = Assert.Throws<UapiException>(() => buf.Map());
        Assert.Equal(Errno.ENODEV, e.Errno); // MAP_DUMB is refused first
        var raw = Assert.Throws<UapiException>(() => lb.Map(card.Fd, 0x1_0000_0000, 4096));
        Assert.Equal(Errno.ENODEV, raw.Errno);
        Assert.Equal("mmap", raw.Operation);
    }

    [Fact]
    public void ZeroPageDriver_MappingReadsZeros_AtTheSameAddress_AndTakesWrites()
    {
        var lb = LoopbackBackend.Standard();
        using var accel = DrmDevice.Open("/dev/accel/accel0", lb);
        using var buf = CreateBo(accel, 8192);
        using var map = buf.Map(MmapOffset(accel, buf), 8192);
        using (var a = map.Access()) a.Span.Fill(0x5A);
        nint before;
        using (var a = map.Access()) fixed (byte* p = a.Span) before = (nint)p;

        lb.Unplug("/dev/accel/accel0");

        using (var a = map.Access())
        {
            fixed (byte* p = a.Span) Assert.Equal(before, (nint)p);
            Assert.True(a.Span.IndexOfAnyExcept((byte)0) < 0, "an unplugged zero-page driver's mapping must read as zeros");
            a.Write32(4096, 7);
            Assert.Equal(7u, a.Read32(4096));
        }
    }

    [Fact]
    public void ZeroPageDriver_ExportedDmaBuf_KeepsTheContents()
    {
        var lb = LoopbackBackend.Standard();
        using var accel = DrmDevice.Open("/dev/accel/accel0", lb);
        using var buf = CreateBo(accel, 4096);
        using (var map = buf.Map(MmapOffset(accel, buf))) map.Write32(0, 0xC0FFEE);
        using var dmaBuf = buf.ExportDmaBuf();
        using var dmaMap = lb.Map(dmaBuf, 0, 4096);
        lb.Unplug("/dev/accel/accel0");
        Assert.Equal(0xC0FFEEu, dmaMap.Read32(0)); // only mappings through the device's fds are zapped
    }

    [Fact]
    public void MappingReleasedBeforeUnplug_IsForgotten_SoTheUnplugCannotMapOverItsAddress()
    {
        var lb = LoopbackBackend.Standard();
        using var accel = DrmDevice.Open("/dev/accel/accel0", lb);
        using var buf = CreateBo(accel, 4096);
        ulong offset = MmapOffset(accel, buf);
        int baseline = lb.TrackedMappings;
        var map = buf.Map(offset);
        Assert.Equal(baseline + 1, lb.TrackedMappings);
        map.Dispose();
        Assert.Equal(baseline, lb.TrackedMappings);
        // Plain memory mapped afterwards, most likely at the address just freed, keeps its contents.
        int memfd;
        fixed (byte* name = "other\0"u8) memfd = Tmds.Linux.LibC.memfd_create(name, Tmds.Linux.LibC.MFD_CLOEXEC);
        Assert.True(memfd >= 0);
        using var fd = lb.Adopt(memfd, "memfd");
        Assert.Equal(0, Tmds.Linux.LibC.ftruncate(memfd, 4096));
        using var other = lb.Map(fd, 0, 4096);
        other.Write32(0, 99);
        lb.Unplug("/dev/accel/accel0");
        Assert.Equal(99u, other.Read32(0));
    }

    [Fact]
    public void Dispose_AfterUnplug_Succeeds_ForBuffersHandlesMappingsAndDevice()
    {
        var lb = LoopbackBackend.Standard();
        var dev = DrmDevice.Open("/dev/dri/card0", lb);
        var buf = dev.CreateDumb(16, 16, 32);
        var bare = dev.CreateDumbHandle(16, 16, 32);
        var map = buf.Map();
        lb.Unplug("/dev/dri/card0");
        map.Dispose();
        buf.Dispose();
        Assert.True(buf.IsDisposed);
        // GEM_CLOSE gives ENODEV; the handle goes with the file, so releasing it is not an error.
        Assert.Equal(0, dev.ReleaseGem(bare.Handle));
        dev.Dispose();
        Assert.True(dev.Fd.IsClosed);
    }

    [Fact]
    public void Unplug_OfANonDrmPath_Throws()
    {
        var lb = LoopbackBackend.Standard();
        Assert.Throws<ArgumentException>(() => lb.Unplug("/dev/vfio/vfio"));
        Assert.Throws<ArgumentException>(() => lb.Unplug("/dev/dri/card9"));
    }

    [Fact]
    public void Unplug_Twice_IsHarmless()
    {
        var lb = LoopbackBackend.Standard();
        var node = (DrmNode)lb.FindNode("/dev/accel/accel0")!;
        using var accel = DrmDevice.Open("/dev/accel/accel0", lb);
        using var buf = CreateBo(accel, 4096);
        using var map = buf.Map(MmapOffset(accel, buf));
        lb.Unplug(node.Device);
        lb.Unplug(node.Device);
        Assert.True(node.Device.IsUnplugged);
        Assert.Equal(0u, map.Read32(0));
    }

    private static GemBuffer CreateBo(DrmDevice dev, ulong size) => AccelTests.CreateBo(dev, size);

    private static ulong MmapOffset(DrmDevice dev, GemBuffer buf) => AccelTests.MmapOffset(dev, buf);
}
