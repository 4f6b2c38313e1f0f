using Uapi.Raw;

namespace Uapi.Tests;

public sealed class IocTests
{
    [Theory]
    [InlineData(Ioc.Read | Ioc.Write, 0x64u, 0x00u, 64u, 0xC0406400u)] // DRM_IOCTL_VERSION
    [InlineData(Ioc.Write, 0x64u, 0x0Du, 16u, 0x4010640Du)]            // DRM_IOCTL_SET_CLIENT_CAP
    [InlineData(Ioc.None, 0x64u, 0x1Eu, 0u, 0x0000641Eu)]              // DRM_IOCTL_SET_MASTER
    [InlineData(Ioc.None, 0x3Bu, 100u, 0u, 0x3B64u)]                   // VFIO_GET_API_VERSION
    [InlineData(Ioc.Read | Ioc.Write, 0x48u, 0x00u, 24u, 0xC0184800u)] // DMA_HEAP_IOCTL_ALLOC
    [InlineData(Ioc.Write, 0x75u, 0x42u, 24u, 0x40187542u)]            // UDMABUF_CREATE
    [InlineData(Ioc.Read | Ioc.Write, 0xCDu, 0x01u, 48u, 0xC030CD01u)] // SYNCOBJ_IOC_WAIT (RFC)
    public void Encode_KnownRequests(uint dir, uint type, uint nr, uint size, uint expected)
    {
        Assert.Equal(expected, Ioc.Encode(dir, type, nr, size));
        Assert.Equal(dir, Ioc.Dir(expected));
        Assert.Equal(type, Ioc.Type(expected));
        Assert.Equal(nr, Ioc.Nr(expected));
        Assert.Equal(size, Ioc.Size(expected));
    }

    [Fact]
    public void Helpers_UseTheStructSize()
    {
        Assert.Equal(0xC0406400u, Ioc.IOWR<Interop.Drm.DrmVersion>(0x64, 0x00));
        Assert.Equal(0x4010640Du, Ioc.IOW<Interop.Drm.DrmSetClientCap>(0x64, 0x0D));
        Assert.Equal(0x8010640Cu, Ioc.IOR<Interop.Drm.DrmGetCap>(0x64, 0x0C));
        Assert.Equal(0x0000641Eu, Ioc.IO(0x64, 0x1E));
        Assert.Equal(0x3B64u, Ioc.IO(0x3B, 100));
    }

    [Theory]
    [InlineData(0xC0406400u)]
    [InlineData(0x4010640Du)]
    [InlineData(0x0000641Eu)]
    [InlineData(0x3B64u)]
    [InlineData(0xC01864CFu)]
    [InlineData(0xBFFF64FFu)] // largest size, IOR direction
    public void Decode_RoundTrips(uint request) =>
        Assert.Equal(request, Ioc.Encode(Ioc.Dir(request), Ioc.Type(request), Ioc.Nr(request), Ioc.Size(request)));

    [Fact]
    public void Size_Of16KiB_Throws()
    {
        Assert.Equal(16383u, Ioc.Size(Ioc.Encode(Ioc.Read, 0x64, 0, 16383)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ioc.Encode(Ioc.Read, 0x64, 0, 16384));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ioc.Encode(Ioc.Read | Ioc.Write, 0x64, 0, 100000));
    }

    [Fact]
    public void TypeOrNrAbove255_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ioc.Encode(Ioc.Read, 0x100, 0, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ioc.Encode(Ioc.Read, 0x64, 0x100, 8));
    }
}
