using Uapi.Async;
using Uapi.Drm;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Conformance;

/// <summary>GEM handles, dumb buffers and PRIME on vgem, as the kernel answers them.</summary>
public unsafe class GemCases
{
    private static DrmDevice OpenVgemPrimary()
    {
        Capabilities.Require(Capabilities.Vgem);
        return DrmDevice.Open(Capabilities.FindPrimaryNode("vgem")!, Capabilities.Backend);
    }

    private static DrmDevice OpenVgemRender()
    {
        Capabilities.Require(Capabilities.Vgem);
        return DrmDevice.Open(Capabilities.FindRenderNode("vgem")!, Capabilities.Backend);
    }

    [Fact]
    public void CreateDumb_ReportsMinimumPitchAndPageAlignedSize()
    {
        using var dev = OpenVgemPrimary();
        var info = dev.CreateDumbHandle(width: 100, height: 3, bpp: 32);
        try
        {
            Assert.Equal(400u, info.Pitch);
            Assert.Equal(4096UL, info.Size);
            Assert.False(info.Handle.IsNull);
        }
        finally
        {
            Assert.Equal(0, dev.ReleaseGem(info.Handle));
        }
    }

    [Fact]
    public void CreateDumb_FirstHandleOnAFreshFile_IsOne_AndFreedIdsAreReused()
    {
        using var dev = OpenVgemPrimary();
        var a = dev.CreateDumbHandle(16, 16, 32);
        var b = dev.CreateDumbHandle(16, 16, 32);
        Assert.Equal(1u, a.Handle.Value);
        Assert.Equal(2u, b.Handle.Value);
        dev.ReleaseGem(a.Handle);
        var c = dev.CreateDumbHandle(16, 16, 32);
        Assert.Equal(1u, c.Handle.Value);
        dev.ReleaseGem(b.Handle);
        dev.ReleaseGem(c.Handle);
    }

    [Theory]
    [InlineData(0u, 16u, 32u)]
    [InlineData(16u, 0u, 32u)]
    [InlineData(16u, 16u, 0u)]
    [InlineData(0x10000u, 0x10000u, 32u)]        // pitch * height overflows 32 bits
    [InlineData(0x40000000u, 1u, 64u)]           // cpp * width overflows 32 bits
    [InlineData(1u, 1u, 0xFFFFFFF9u)]            // bpp past U32_MAX - 8
    public void CreateDumb_ZeroOrOverflowingSize_FailsWithEinval(uint width, uint height, uint bpp)
    {
        using var dev = OpenVgemPrimary();
        var e = Assert.Throws<UapiException>(() => dev.CreateDumbHandle(width, height, bpp));
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.Equal(nameof(DRM_IOCTL_MODE_CREATE_DUMB), e.Operation);
        Assert.Equal(dev.Path, e.DevicePath);
    }

    [Fact]
    public void CreateDumb_OnRenderNode_FailsWithEacces()
    {
        using var dev = OpenVgemRender();
        Assert.Equal(-(int)Errno.EACCES, ModeCreateDumb(dev.Fd, 16, 16, 32, 0, out _, out _, out _));
    }

    [Fact]
    public void DumbBuffer_IsZeroFilled_AndTwoMappingsShareMemory()
    {
        using var dev = OpenVgemPrimary();
        using var buf = dev.CreateDumb(64, 64, 32);
        using var first = buf.Map();
        using var second = buf.Map();
        using (var a = first.Access())
            Assert.True(a.Span.IndexOfAnyExcept((byte)0) < 0, "a fresh dumb buffer must read as zeros");
        using (var a = first.Access())
        {
            var rows = a.Rows<uint>(0, (int)buf.Height, (int)buf.Width, (int)buf.Pitch);
            rows[10, 20] = 0xCAFEF00D;
        }
        Assert.Equal(0xCAFEF00Du, second.Read32(10 * buf.Pitch + 20 * 4));
    }

    [Fact]
    public void GemClose_UnknownHandle_FailsWithEinval()
    {
        using var dev = OpenVgemRender();
        Assert.Equal(-(int)Errno.EINVAL, GemClose(dev.Fd, 0x7777));
    }

    [Fact]
    public void GemClose_Twice_SecondFailsWithEinval()
    {
        using var dev = OpenVgemPrimary();
        var info = dev.CreateDumbHandle(16, 16, 32);
        Assert.Equal(0, GemClose(dev.Fd, info.Handle.Value));
        Assert.Equal(-(int)Errno.EINVAL, GemClose(dev.Fd, info.Handle.Value));
    }

    [Fact]
    public void MapDumb_UnknownHandle_FailsWithEnoent()
    {
        using var dev = OpenVgemPrimary();
        Assert.Equal(-(int)Errno.ENOENT, ModeMapDumb(dev.Fd, 0x7777, out _));
    }

    [Fact]
    public void Mmap_AtOffsetWithNoObject_FailsWithEinval()
    {
        using var dev = OpenVgemPrimary();
        var e = Assert.Throws<UapiException>(() => dev.Backend.Map(dev.Fd, 0x7_0000_0000, 4096));
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.Equal("mmap", e.Operation);
    }

    [Fact]
    public void PrimeExport_UnknownHandle_FailsWithEnoent()
    {
        using var dev = OpenVgemRender();
        Assert.Equal(-(int)Errno.ENOENT, PrimeHandleToFd(dev.Fd, 0x7777, DRM_CLOEXEC, out _));
    }

    [Fact]
    public void PrimeExport_UnknownFlags_FailsWithEinval()
    {
        using var dev = OpenVgemPrimary();
        using var buf = dev.CreateDumb(16, 16, 32);
        Assert.Equal(-(int)Errno.EINVAL, PrimeHandleToFd(dev.Fd, buf.Handle.Value, DRM_CLOEXEC | 0x1000, out _));
    }

    [Fact]
    public void PrimeExport_GivesCloexecDmaBuf_WhoseSizeAndBytesMatch()
    {
        using var dev = OpenVgemPrimary();
        using var buf = dev.CreateDumb(32, 32, 32);
        using (var m = buf.Map()) m.Write32(128, 0x11223344);
        using var dmabuf = buf.ExportDmaBuf();
        var flags = File.ReadAllLines($"/proc/self/fdinfo/{dmabuf.DangerousFd}").Single(l => l.StartsWith("flags:", StringComparison.Ordinal));
        Assert.NotEqual(0, Convert.ToInt64(flags.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1], 8) & 0x80000);
        Assert.Equal((long)buf.Size, (long)Tmds.Linux.LibC.lseek(dmabuf.DangerousFd, 0, Tmds.Linux.LibC.SEEK_END));
        using var view = dev.Backend.Map(dmabuf, 0, (long)buf.Size);
        Assert.Equal(0x11223344u, view.Read32(128));
    }

    [Fact]
    public void PrimeImport_OfOwnExport_GivesSameHandle_AndOwnersAreCounted()
    {
        using var dev = OpenVgemPrimary();
        var buf = dev.CreateDumb(16, 16, 32);
        using var dmabuf = buf.ExportDmaBuf();
        var first = dev.ImportPrime(dmabuf);
        var second = dev.ImportPrime(dmabuf);
        Assert.Equal(buf.Handle, first.Handle);
        Assert.Equal(buf.Handle, second.Handle);
        Assert.Equal(3, dev.GemOwnerCount(buf.Handle));
        buf.Dispose();
        first.Dispose();
        // The handle is still alive for the last owner: the kernel still maps it.
        Assert.Equal(0, ModeMapDumb(dev.Fd, second.Handle.Value, out _));
        second.Dispose();
        Assert.Equal(0, dev.GemOwnerCount(buf.Handle));
        Assert.Equal(-(int)Errno.ENOENT, ModeMapDumb(dev.Fd, second.Handle.Value, out _));
    }

    [Fact]
    public void PrimeImport_IntoAnotherFile_SharesTheBytes()
    {
        using var exporter = OpenVgemPrimary();
        using var importer = OpenVgemRender();
        using var buf = exporter.CreateDumb(16, 16, 32);
        using (var m = buf.Map()) m.Write32(0, 0xA5A5A5A5);
        using var dmabuf = buf.ExportDmaBuf();
        using var imported = importer.ImportPrime(dmabuf);
        using var back = imported.ExportDmaBuf();
        using var view = importer.Backend.Map(back, 0, (long)buf.Size);
        Assert.Equal(0xA5A5A5A5u, view.Read32(0));
    }

    [Fact]
    public void PrimeImport_ClosedFd_FailsWithEbadf()
    {
        using var dev = OpenVgemRender();
        using var ev = EventFd.Create();
        int closedFd = ev.Handle.DangerousFd;
        ev.Dispose();
        Assert.Equal(-(int)Errno.EBADF, PrimeFdToHandle(dev.Fd, closedFd, out _));
    }

    [Fact]
    public void PrimeImport_FdThatIsNotADmaBuf_FailsWithEinval()
    {
        using var dev = OpenVgemRender();
        using var ev = EventFd.Create();
        var e = Assert.Throws<UapiException>(() => dev.ImportPrime(ev.Handle));
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.Equal(nameof(DRM_IOCTL_PRIME_FD_TO_HANDLE), e.Operation);
    }

    [Fact]
    public void Flink_ThenGemOpenOnAnotherFile_GivesSameSizeAndBytes_NewHandleEachOpen()
    {
        using var a = OpenVgemPrimary();
        using var b = OpenVgemPrimary();
        using var buf = a.CreateDumb(16, 16, 32);
        uint name = buf.Flink();
        Assert.NotEqual(0u, name);
        using var o1 = b.OpenFlink(name);
        using var o2 = b.OpenFlink(name);
        Assert.Equal(buf.Size, o1.Size);
        Assert.NotEqual(o1.Handle, o2.Handle);
    }

    [Fact]
    public void GemOpen_UnknownName_FailsWithEnoent()
    {
        using var dev = OpenVgemPrimary();
        var e = Assert.Throws<UapiException>(() => dev.OpenFlink(0x7777));
        Assert.Equal(Errno.ENOENT, e.Errno);
    }

    [Fact]
    public void DisposedBuffer_ThrowsObjectDisposed()
    {
        using var dev = OpenVgemPrimary();
        var buf = dev.CreateDumb(16, 16, 32);
        buf.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buf.Map());
        Assert.Throws<ObjectDisposedException>(() => buf.ExportDmaBuf());
    }
}
