using Uapi.Backends;
using Uapi.Backends.Loopback;

namespace Uapi.Tests;

/// <summary>The standard devices' node layout per profile, as each VM shows it (`uapi devices`).</summary>
public sealed class StandardDevicesTests
{
    private static string Layout(StandardDeviceOptions options) =>
        string.Join(", ", LoopbackBackend.Standard(options).EnumerateNodes()
            .Where(n => n.Path.StartsWith("/dev/dri/", StringComparison.Ordinal) || n.Path.StartsWith("/dev/vfio/", StringComparison.Ordinal)
                        || n.Path is "/dev/iommu" or "/dev/udmabuf" || n.Path.StartsWith("/dev/dma_heap/", StringComparison.Ordinal))
            .Select(n => $"{n.Path} {n.Major}:{n.Minor}"));

    [Fact]
    public void TestKernel612_HasVkmsAtCard1_VirtioGpuAtCard2_AndTheIommufdNodes()
    {
        Assert.Equal(
            "/dev/dma_heap/reserved 254:1, /dev/dma_heap/system 254:0, /dev/dri/card0 226:0, /dev/dri/card1 226:1, /dev/dri/card2 226:2, " +
            "/dev/dri/renderD128 226:128, /dev/dri/renderD129 226:129, /dev/iommu 10:257, /dev/udmabuf 10:258, /dev/vfio/1 250:0, " +
            "/dev/vfio/devices/vfio0 249:0, /dev/vfio/vfio 10:196",
            Layout(StandardDeviceOptions.TestKernel612));
        Assert.Equal(Layout(StandardDeviceOptions.TestKernel612), Layout(StandardDeviceOptions.Current));
    }

    [Fact]
    public void TestKernel61_KeepsVirtioGpuAtCard1_AndOnlyTheLegacyVfioNodes()
    {
        Assert.Equal(
            "/dev/dma_heap/reserved 254:1, /dev/dma_heap/system 254:0, /dev/dri/card0 226:0, /dev/dri/card1 226:1, " +
            "/dev/dri/renderD128 226:128, /dev/dri/renderD129 226:129, /dev/udmabuf 10:126, /dev/vfio/1 251:0, /dev/vfio/vfio 10:196",
            Layout(StandardDeviceOptions.TestKernel61));
        Assert.Equal("/dev/dri/card0 226:0, /dev/dri/card1 226:1, /dev/dri/renderD128 226:128, /dev/dri/renderD129 226:129, /dev/vfio/1 251:0, /dev/vfio/vfio 10:196",
            Layout(StandardDeviceOptions.Stock61));
    }

    [Theory]
    [InlineData("6.1", true)]   // the fbdev console lit it at boot
    [InlineData("6.12", false)] // the lean 6.12 kernel has no fbdev
    public void VirtioGpuCrtc_IsLitOnlyWhereAConsoleLitIt(string profile, bool lit)
    {
        var lb = LoopbackBackend.Standard(profile == "6.1" ? StandardDeviceOptions.TestKernel61 : StandardDeviceOptions.TestKernel612);
        var path = lb.EnumerateNodes().Where(n => n.Kind == DeviceNodeKind.DrmPrimary)
            .Single(n => { using var d = Uapi.Drm.DrmDevice.Open(n.Path, lb); return d.Version().Name == "virtio_gpu"; }).Path;
        using var dev = Uapi.Drm.DrmDevice.Open(path, lb);
        var crtc = dev.GetCrtc(dev.GetKmsResources().Crtcs[0]);
        Assert.Equal(lit, crtc.Mode is not null);
        Assert.Equal(lit, crtc.Framebuffer is not null);
    }

    [Theory]
    [InlineData("/dev/iommu", DeviceNodeKind.Iommufd)]
    [InlineData("/dev/vfio/devices/vfio0", DeviceNodeKind.VfioDevice)]
    public unsafe void IommufdNodes_Open_AndAnswerEveryIoctlWithEnotty_AsNothingIsModelledYet(string path, DeviceNodeKind kind)
    {
        var lb = LoopbackBackend.Standard(StandardDeviceOptions.TestKernel612);
        Assert.Equal(kind, lb.EnumerateNodes().Single(n => n.Path == path).Kind);
        using var fd = lb.Open(path);
        Assert.Equal(lb.CharDevice(path), lb.CharDevice(fd));
        ulong arg = 0;
        Assert.Equal(-(int)Errno.ENOTTY, lb.Ioctl(fd, 0x3B80u, &arg)); // IOMMU_DESTROY's nr, any request
    }
}
