using Uapi.Backends;
using Uapi.Backends.Loopback;
using Uapi.Drm;
using Uapi.Raw;
using static Uapi.Raw.Interop.Drm;
using static Uapi.Raw.Interop.LoopbackAccel;

namespace Uapi.Tests;

/// <summary>
/// Accel nodes on the loopback's own accel driver (loopback_accel; no 6.1 kernel has accel): open, VERSION, the
/// BO_CREATE + MMAP_OFFSET + mmap pattern, PRIME both ways, and the DRM core's rules for accel files.
/// </summary>
public sealed unsafe class AccelTests
{
    private static DrmDevice Open(LoopbackBackend lb) => DrmDevice.Open("/dev/accel/accel0", lb);

    [Fact]
    public void RawNumbers_AreDrmIowrOnTheDriverRange_WithTheStructSizes()
    {
        Assert.Equal(16, sizeof(DrmLoopbackAccelBoCreate));
        Assert.Equal(16, sizeof(DrmLoopbackAccelBoMmapOffset));
        Assert.Equal(DRM_IOCTL_LOOPBACK_ACCEL_BO_CREATE, Ioc.IOWR<DrmLoopbackAccelBoCreate>(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_LOOPBACK_ACCEL_BO_CREATE));
        Assert.Equal(DRM_IOCTL_LOOPBACK_ACCEL_BO_MMAP_OFFSET, Ioc.IOWR<DrmLoopbackAccelBoMmapOffset>(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_LOOPBACK_ACCEL_BO_MMAP_OFFSET));
    }

    [Fact]
    public void Version_NamesTheLoopbackDriver()
    {
        using var dev = Open(LoopbackBackend.Standard());
        var v = dev.Version();
        Assert.Equal("loopback_accel", v.Name);
        Assert.Equal(1, v.Major);
    }

    [Fact]
    public void BoCreate_RoundsToPages_HandlesStartAtOne_AndMappingIsSharedMemory()
    {
        using var dev = Open(LoopbackBackend.Standard());
        var c = new DrmLoopbackAccelBoCreate { Size = 5000 };
        dev.Ioctl(DRM_IOCTL_LOOPBACK_ACCEL_BO_CREATE, ref c, "BO_CREATE");
        Assert.Equal(1u, c.Handle);
        Assert.Equal(8192UL, c.Size);
        using var buf = dev.AdoptGemHandle(c.Handle, c.Size);
        ulong offset = MmapOffset(dev, buf);
        Assert.Equal(0UL, offset % 4096);
        Assert.Equal(offset, MmapOffset(dev, buf)); // stable per object
        using var a = buf.Map(offset);
        using var b = buf.Map(offset);
        a.Write64(8184, 0x0123456789ABCDEF);
        Assert.Equal(0x0123456789ABCDEFUL, b.Read64(8184));
        Assert.Equal(8192, a.Length);
    }

    [Theory]
    [InlineData(0UL, 0u, Errno.EINVAL)]
    [InlineData(4096UL, 1u, Errno.EINVAL)]
    [InlineData((1UL << 30) + 1, 0u, Errno.E2BIG)]
    public void BoCreate_RejectsBadArguments(ulong size, uint flags, Errno expected)
    {
        using var dev = Open(LoopbackBackend.Standard());
        var c = new DrmLoopbackAccelBoCreate { Size = size, Flags = flags };
        Assert.Equal(expected, dev.TryIoctl(DRM_IOCTL_LOOPBACK_ACCEL_BO_CREATE, ref c));
        var e = Assert.Throws<UapiException>(() => dev.Ioctl(DRM_IOCTL_LOOPBACK_ACCEL_BO_CREATE, ref c, nameof(DRM_IOCTL_LOOPBACK_ACCEL_BO_CREATE)));
        Assert.Equal(nameof(DRM_IOCTL_LOOPBACK_ACCEL_BO_CREATE), e.Operation);
        Assert.Equal("/dev/accel/accel0", e.DevicePath);
    }

    [Fact]
    public void MmapOffset_UnknownHandleIsEnoent_NonzeroPadIsEinval()
    {
        using var dev = Open(LoopbackBackend.Standard());
        var m = new DrmLoopbackAccelBoMmapOffset { Handle = 42 };
        Assert.Equal(Errno.ENOENT, dev.TryIoctl(DRM_IOCTL_LOOPBACK_ACCEL_BO_MMAP_OFFSET, ref m));
        using var buf = CreateBo(dev, 4096);
        m = new DrmLoopbackAccelBoMmapOffset { Handle = buf.Handle.Value, Pad = 1 };
        Assert.Equal(Errno.EINVAL, dev.TryIoctl(DRM_IOCTL_LOOPBACK_ACCEL_BO_MMAP_OFFSET, ref m));
    }

    [Fact]
    public void UnknownDriverIoctl_IsEinval()
    {
        using var dev = Open(LoopbackBackend.Standard());
        var arg = new DrmLoopbackAccelBoCreate();
        Assert.Equal(Errno.EINVAL, dev.TryIoctl(Ioc.IOWR<DrmLoopbackAccelBoCreate>(DRM_IOCTL_BASE, DRM_COMMAND_BASE + 7), ref arg));
    }

    [Fact]
    public void Mmap_OfAnotherFilesBuffer_IsEacces()
    {
        var lb = LoopbackBackend.Standard();
        using var a = Open(lb);
        using var b = Open(lb);
        using var buf = CreateBo(a, 4096);
        ulong offset = MmapOffset(a, buf);
        var e = Assert.Throws<UapiException>(() => lb.Map(b.Fd, (long)offset, 4096));
        Assert.Equal(Errno.EACCES, e.Errno);
    }

    [Fact]
    public void Prime_VgemBufferImportsIntoAccel_AndAccelBufferIntoVgem_SharingPages()
    {
        var lb = LoopbackBackend.Standard();
        using var vgem = DrmDevice.Open("/dev/dri/renderD128", lb);
        using var accel = Open(lb);

        using var card = DrmDevice.Open("/dev/dri/card0", lb);
        using var dumb = card.CreateDumb(32, 32, 32);
        using var dumbMap = dumb.Map();
        dumbMap.Write32(0, 0xFEEDu);
        using (var fd = dumb.ExportDmaBuf())
        using (var imported = accel.ImportPrime(fd))
        {
            using var m = imported.Map(MmapOffset(accel, imported), (long)dumb.Size);
            Assert.Equal(0xFEEDu, m.Read32(0));
        }

        using var bo = CreateBo(accel, 4096);
        using var boMap = bo.Map(MmapOffset(accel, bo));
        boMap.Write32(16, 0xBEEF);
        using var exported = bo.ExportDmaBuf();
        using var intoVgem = vgem.ImportPrime(exported);
        Assert.False(intoVgem.Handle.IsNull);
        using var viaDmaBuf = lb.Map(exported, 0, 4096);
        Assert.Equal(0xBEEFu, viaDmaBuf.Read32(16));
    }

    [Fact]
    public void CoreRules_RenderStyleIoctlsWork_KmsIsEopnotsupp_DumbIsEnosys_MasterIsRefused()
    {
        using var dev = Open(LoopbackBackend.Standard());
        Assert.Equal(DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT, dev.GetCap(DRM_CAP_PRIME));
        Assert.Equal(Errno.EOPNOTSUPP, dev.TryGetCap(DrmCapability.DumbBuffer, out _));
        var res = new DrmModeCardRes();
        Assert.Equal(Errno.EOPNOTSUPP, dev.TryIoctl(DRM_IOCTL_MODE_GETRESOURCES, ref res));
        var dumb = new DrmModeCreateDumb { Width = 8, Height = 8, Bpp = 32 };
        Assert.Equal(Errno.ENOSYS, dev.TryIoctl(DRM_IOCTL_MODE_CREATE_DUMB, ref dumb));
        var e = Assert.Throws<UapiException>(() => dev.CreateDumb(8, 8, 32));
        Assert.Equal(Errno.ENOSYS, e.Errno);
        // An accel file has no master to set, and is never master, so master-only ioctls are refused.
        Assert.Equal(-(int)Errno.EINVAL, dev.Backend.Ioctl(dev.Fd, DRM_IOCTL_SET_MASTER, null));
        Assert.Equal(-(int)Errno.EINVAL, dev.Backend.Ioctl(dev.Fd, DRM_IOCTL_DROP_MASTER, null));
    }

    [Fact]
    public void NodeType_IsAccel_OnTheAccelMajor()
    {
        var lb = LoopbackBackend.Standard();
        using var dev = Open(lb);
        Assert.Equal(DrmNodeType.Accel, dev.GetNodeType());
        Assert.Equal(lb.CharMajor("accel"), lb.CharDevice(dev.Fd)!.Value.Major);
        Assert.Equal(DeviceNodeKind.Accel, lb.EnumerateNodes().Single(n => n.Path == "/dev/accel/accel0").Kind);
    }

    internal static GemBuffer CreateBo(DrmDevice dev, ulong size)
    {
        var c = new DrmLoopbackAccelBoCreate { Size = size };
        dev.Ioctl(DRM_IOCTL_LOOPBACK_ACCEL_BO_CREATE, ref c, nameof(DRM_IOCTL_LOOPBACK_ACCEL_BO_CREATE));
        return dev.AdoptGemHandle(c.Handle, c.Size);
    }

    internal static ulong MmapOffset(DrmDevice dev, GemBuffer buf)
    {
        var m = new DrmLoopbackAccelBoMmapOffset { Handle = buf.Handle.Value };
        dev.Ioctl(DRM_IOCTL_LOOPBACK_ACCEL_BO_MMAP_OFFSET, ref m, nameof(DRM_IOCTL_LOOPBACK_ACCEL_BO_MMAP_OFFSET));
        return m.Offset;
    }
}
