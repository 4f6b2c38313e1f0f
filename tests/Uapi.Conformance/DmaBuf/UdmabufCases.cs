using Uapi.Backends;
using Uapi.DmaBuf;
using Uapi.Memory;
using static Uapi.Raw.Interop.Udmabuf;

namespace Uapi.Conformance;

/// <summary>/dev/udmabuf (drivers/dma-buf/udmabuf.c) as 6.1 answers it.</summary>
public unsafe class UdmabufCases
{
    private static UdmabufDevice Open()
    {
        Capabilities.Require(Capabilities.Udmabuf);
        return UdmabufDevice.Open(Capabilities.Backend);
    }

    private static int RawCreate(UdmabufDevice dev, int memfd, ulong offset, ulong size, uint flags = UDMABUF_FLAGS_CLOEXEC)
    {
        int r = Raw.Interop.Udmabuf.Create(dev.Fd, memfd, flags, offset, size);
        if (r >= 0) dev.Backend.Adopt(r, "dma-buf").Dispose();
        return r;
    }

    [Fact]
    public void Create_ARegionOfASealedMemfd_IsADmaBufOverTheSamePages()
    {
        using var dev = Open();
        using var memfd = Memfd.Create("udmabuf-case", 16384, backend: Capabilities.Backend);
        using (var m = memfd.Map()) m.Write32(4096, 0xAB);
        using var buf = dev.Create(memfd, 4096, 8192);
        Assert.Equal(8192, buf.Size);
        Assert.Equal(1, Tmds.Linux.LibC.fcntl(buf.Fd.DangerousFd, 1 /* F_GETFD */));
        using (buf.BeginCpuAccess(DmaBufAccess.ReadWrite))
        using (var m = buf.Map())
        {
            Assert.Equal(0xABu, m.Read32(0));
            m.Write32(4096, 0xCD);
        }
        using (var m = memfd.Map()) Assert.Equal(0xCDu, m.Read32(8192));
    }

    [Fact]
    public void CreateList_JoinsRegionsInOrder()
    {
        using var dev = Open();
        using var a = Memfd.Create("udmabuf-a", 16384, backend: Capabilities.Backend);
        using var b = Memfd.Create("udmabuf-b", 16384, backend: Capabilities.Backend);
        using (var m = a.Map()) m.Write32(0, 1);
        using (var m = b.Map()) m.Write32(8192, 2);
        using var buf = dev.CreateList([new UdmabufRegion(a, 0, 4096), new UdmabufRegion(b, 8192, 8192)]);
        Assert.Equal(12288, buf.Size);
        using var map = buf.Map(MapAccess.Read);
        Assert.Equal(1u, map.Read32(0));
        Assert.Equal(2u, map.Read32(4096));
    }

    [Fact]
    public void Udmabuf_FillMapRead_ImportIntoVgem_ExportBack_SameBytes()
    {
        using var dev = Open();
        using var memfd = Memfd.Create("udmabuf-prime", 65536, backend: Capabilities.Backend);
        using var buf = dev.Create(memfd, 0, 65536);
        DmaBufCases.RoundTrip(buf);
    }

    [Theory]
    [InlineData(100UL, 4096UL)]          // offset not page-aligned
    [InlineData(0UL, 100UL)]             // size not page-aligned
    [InlineData(0UL, 0UL)]               // nothing
    [InlineData(12288UL, 8192UL)]        // runs past the memfd's end
    [InlineData(65536UL, 4096UL)]        // starts past it
    [InlineData(0UL, 65UL << 20)]        // past size_limit_mb (64)
    public void Create_BadRegion_FailsWithEinval(ulong offset, ulong size)
    {
        using var dev = Open();
        using var memfd = Memfd.Create("udmabuf-bad", 16384, backend: Capabilities.Backend);
        Assert.Equal(-(int)Errno.EINVAL, RawCreate(dev, memfd.Fd.DangerousFd, offset, size));
    }

    [Fact]
    public void Create_Seals_ShrinkRequired_WriteRefused_GrowAllowed_OtherFlagBitsIgnored()
    {
        using var dev = Open();
        using var unsealed = Memfd.Create("udmabuf-unsealed", 16384, sealShrink: false, backend: Capabilities.Backend);
        Assert.Equal(-(int)Errno.EINVAL, RawCreate(dev, unsealed.Fd.DangerousFd, 0, 4096));
        Assert.Throws<ArgumentException>(() => dev.Create(unsealed, 0, 4096));
        using var writeSealed = Memfd.Create("udmabuf-wsealed", 16384, backend: Capabilities.Backend);
        writeSealed.AddSeals(Memfd.F_SEAL_WRITE);
        Assert.Equal(-(int)Errno.EINVAL, RawCreate(dev, writeSealed.Fd.DangerousFd, 0, 4096));
        Assert.Throws<ArgumentException>(() => dev.Create(writeSealed, 0, 4096));
        using var growSealed = Memfd.Create("udmabuf-gsealed", 16384, backend: Capabilities.Backend);
        growSealed.AddSeals(Memfd.F_SEAL_GROW);
        Assert.True(RawCreate(dev, growSealed.Fd.DangerousFd, 0, 4096) >= 0);
        Assert.True(RawCreate(dev, growSealed.Fd.DangerousFd, 0, 4096, flags: 0xFF) >= 0);
        Assert.Throws<ArgumentException>(() => dev.Create(growSealed, 100, 4096));
    }

    [Fact]
    public void Create_FromAnFdThatIsNotShmem_IsEbadfd()
    {
        using var dev = Open();
        using var ev = Uapi.Async.EventFd.Create();
        Assert.Equal(-(int)Errno.EBADFD, RawCreate(dev, ev.Handle.DangerousFd, 0, 4096));
        Assert.Equal(-(int)Errno.EBADFD, RawCreate(dev, 999_999, 0, 4096));
    }

    [Fact]
    public void CreateList_CountZeroOrPastTheLimit_IsEinval_AndUnknownIoctlsEnotty()
    {
        using var dev = Open();
        Assert.Equal(-(int)Errno.EINVAL, CreateList(dev.Fd, UDMABUF_FLAGS_CLOEXEC, []));
        var head = new UdmabufCreateList { Flags = UDMABUF_FLAGS_CLOEXEC, Count = 1025 }; // a count with no items behind it
        Assert.Equal(-(int)Errno.EINVAL, dev.Backend.Ioctl(dev.Fd, UDMABUF_CREATE_LIST, &head));
        Assert.Equal(-(int)Errno.ENOTTY, Raw.Interop.DmaBuf.Sync(dev.Fd, 3));
    }
}
