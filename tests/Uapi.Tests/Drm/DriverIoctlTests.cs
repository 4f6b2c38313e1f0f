using Uapi.Backends.Loopback;
using Uapi.Drm;

namespace Uapi.Tests;

public sealed class DriverIoctlTests
{
    // A stand-in 8-byte driver struct (virtio-gpu WAIT is {u32 handle; u32 flags}).
    private struct Eight { public uint Handle; public uint Flags; }

    [Fact]
    public void Requests_AreDrmCommandBasePlusNr()
    {
        Assert.Equal(0xC0086448u, DrmDriverIoctl.IOWR<Eight>(0x08));
        Assert.Equal(0x40086442u, DrmDriverIoctl.IOW<Eight>(0x02));
        Assert.Equal(0x80086440u, DrmDriverIoctl.IOR<Eight>(0x00));
        Assert.Equal(0x0000649Fu, DrmDriverIoctl.IO(0x5F));
        Assert.Throws<ArgumentOutOfRangeException>(() => DrmDriverIoctl.IOWR<Eight>(0x60));
    }

    [Theory]
    [InlineData(0xC0084808u)] // type 'H', not 'd'
    [InlineData(0xC008640Cu)] // nr 0x0C: a core ioctl (GET_CAP), not a driver one
    [InlineData(0xC00864A0u)] // nr 0xA0: past DRM_COMMAND_END
    [InlineData(0xC0106448u)] // encodes 16 bytes, the struct is 8
    public void DriverIoctl_RejectsRequestsThatAreNotDriverIoctlsForThisStruct(uint request)
    {
        using var dev = DrmDevice.Open("/dev/dri/renderD129", LoopbackBackend.Standard());
        var arg = new Eight();
        Assert.Throws<ArgumentException>(() => dev.DriverIoctl(request, ref arg, "test"));
        Assert.Throws<ArgumentException>(() => dev.TryDriverIoctl(request, ref arg));
    }

    [Fact]
    public void DriverIoctl_Failure_NamesTheIoctlThePathAndTheErrno()
    {
        using var dev = DrmDevice.Open("/dev/dri/renderD129", LoopbackBackend.Standard());
        var arg = new Eight { Handle = 0, Flags = 0 }; // virtio-gpu WAIT on handle 0: no such object
        var e = Assert.Throws<UapiException>(() => dev.DriverIoctl(DrmDriverIoctl.IOWR<Eight>(0x08), ref arg, "DRM_IOCTL_VIRTGPU_WAIT"));
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Equal("DRM_IOCTL_VIRTGPU_WAIT", e.Operation);
        Assert.Equal("/dev/dri/renderD129", e.DevicePath);
    }
}
