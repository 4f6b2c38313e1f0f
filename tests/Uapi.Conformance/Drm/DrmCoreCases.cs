using Uapi.Async;
using Uapi.Backends;
using Uapi.Drm;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Conformance;

/// <summary>drm.h core ioctls on vgem, as the kernel answers them.</summary>
public unsafe class DrmCoreCases
{
    private static DrmDevice OpenVgem()
    {
        Capabilities.Require(Capabilities.Vgem);
        return DrmDevice.Open(Capabilities.FindRenderNode("vgem")!, Capabilities.Backend);
    }

    [Fact]
    public void Version_OnVgemRenderNode_NamesVgem()
    {
        using var dev = OpenVgem();
        var v = dev.Version();
        Assert.Equal("vgem", v.Name);
        Assert.Equal("Virtual GEM provider", v.Description);
        // 6.12's drm_version reports "0" for every driver: the driver date is deprecated.
        Assert.Equal(Capabilities.ByKernel("20120112", "0"), v.Date);
        Assert.Equal(1, v.Major);
    }

    // dup() gives the same struct file, so the same drm_file: a GEM handle made through one fd is known through the
    // other and outlives the first fd. FromFd duplicates: disposing its device leaves the caller's fd open.
    [Fact]
    public void FromFd_DuplicatesTheCallersFd_AndSharesItsDrmFile()
    {
        Capabilities.Require(Capabilities.Vgem);
        var original = DrmDevice.Open(Capabilities.FindPrimaryNode("vgem")!, Capabilities.Backend);
        Assert.Equal(0, ModeCreateDumb(original.Fd, 16, 16, 32, 0, out uint handle, out _, out _));
        using (var borrowed = DrmDevice.FromFd(original.Fd, Capabilities.Backend))
        {
            Assert.NotEqual(original.Fd.DangerousFd, borrowed.Fd.DangerousFd);
            Assert.Equal("vgem", borrowed.Version().Name);
        }
        Assert.Equal("vgem", original.Version().Name); // the caller's fd is still open and still its own

        using var dup = DrmDevice.FromFd(original.Fd, Capabilities.Backend);
        original.Dispose();
        Assert.Equal("vgem", dup.Version().Name);
        Assert.Equal(0, GemClose(dup.Fd, handle));
        Assert.Equal(-(int)Errno.EINVAL, GemClose(dup.Fd, handle));
    }

    [Fact]
    public void FromFd_NotADrmNode_IsRefusedWithEnotty_AndKeepsNothing()
    {
        using var efd = EventFd.Create();
        var e = Assert.Throws<UapiException>(() => DrmDevice.FromFd(efd.Handle, Capabilities.Backend));
        Assert.Equal(Errno.ENOTTY, e.Errno);
        Assert.True(efd.Handle.DangerousFd >= 0 && !efd.Handle.IsClosed);
    }

    [Fact]
    public void Version_WithZeroLengths_ReportsLengthsAndCopiesNothing()
    {
        using var dev = OpenVgem();
        Assert.Equal(0, Version(dev.Fd, default, default, default, out var v));
        Assert.Equal((nuint)4, v.NameLen);
        Assert.Equal((nuint)"Virtual GEM provider".Length, v.DescLen);
        Assert.Equal(0, v.Name);
    }

    [Fact]
    public void Version_WithShortBuffer_CopiesPrefixAndReportsFullLength()
    {
        using var dev = OpenVgem();
        var name = stackalloc byte[2];
        Assert.Equal(0, Version(dev.Fd, new Span<byte>(name, 2), default, default, out var v));
        Assert.Equal((nuint)4, v.NameLen);
        Assert.Equal((byte)'v', name[0]);
        Assert.Equal((byte)'g', name[1]);
    }

    [Fact]
    public void Version_WithLengthButNullPointer_SkipsTheCopy_AndReportsTheLength()
    {
        using var dev = OpenVgem();
        var v = new DrmVersion { NameLen = 8 }; // a length with no buffer: beyond what the raw call sends
        Assert.Equal(0, dev.Backend.Ioctl(dev.Fd, DRM_IOCTL_VERSION, &v));
        Assert.Equal((nuint)4, v.NameLen);
    }

    [Fact]
    public void GetCap_Prime_OnVgem_ReportsImportAndExport()
    {
        using var dev = OpenVgem();
        Assert.Equal(DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT, dev.GetCap(DRM_CAP_PRIME));
    }

    [Fact]
    public void GetCap_TimestampMonotonic_IsOne()
    {
        using var dev = OpenVgem();
        Assert.Equal(1UL, dev.GetCap(DRM_CAP_TIMESTAMP_MONOTONIC));
    }

    [Fact]
    public void GetCap_DumbBuffer_OnVgemWithoutKms_FailsWithEopnotsupp()
    {
        using var dev = OpenVgem();
        var e = Assert.Throws<UapiException>(() => dev.GetCap(DRM_CAP_DUMB_BUFFER));
        Assert.Equal(Errno.EOPNOTSUPP, e.Errno);
        Assert.Equal(nameof(DRM_IOCTL_GET_CAP), e.Operation);
        Assert.Equal(dev.Path, e.DevicePath);
    }

    [Fact]
    public void GetCap_UnknownCapability_OnVgem_FailsWithEopnotsupp()
    {
        using var dev = OpenVgem();
        Assert.Equal(Errno.EOPNOTSUPP, dev.TryGetCap(0xFFFF, out _));
    }

    [Fact]
    public void GetCap_Syncobj_IsOne_WhenDriverHasSyncobj()
    {
        using var dev = OpenVgem();
        Capabilities.Require(Capabilities.Syncobj);
        Assert.Equal(1UL, dev.GetCap(DRM_CAP_SYNCOBJ));
    }

    [Fact]
    public void GetCap_Syncobj_IsZero_WhenDriverLacksSyncobj()
    {
        using var dev = OpenVgem();
        Capabilities.RequireAbsent(Capabilities.Syncobj);
        Assert.Equal(0UL, dev.GetCap(DRM_CAP_SYNCOBJ));
        Assert.Equal(0UL, dev.GetCap(DRM_CAP_SYNCOBJ_TIMELINE));
    }

    [Fact]
    public void SyncobjCreate_WhenDriverLacksSyncobj_FailsWithEopnotsupp()
    {
        using var dev = OpenVgem();
        Capabilities.RequireAbsent(Capabilities.Syncobj);
        Assert.Equal(-(int)Errno.EOPNOTSUPP, SyncobjCreate(dev.Fd, 0, out _));
    }

    [Fact]
    public void SetMaster_OnRenderNode_FailsWithEacces()
    {
        using var dev = OpenVgem();
        Assert.Equal(-(int)Errno.EACCES, SetMaster(dev.Fd));
    }

    [Fact]
    public void GemFlink_OnRenderNode_FailsWithEacces()
    {
        using var dev = OpenVgem();
        Assert.Equal(-(int)Errno.EACCES, GemFlink(dev.Fd, 1, out _));
    }

    [Theory]
    [InlineData(0x0Eu)]
    [InlineData(0x2Fu)]
    [InlineData(0x3Eu)]
    public void EmptyCoreIoctlSlot_FailsWithEinval_EvenOnARenderNode(uint nr)
    {
        using var dev = OpenVgem();
        var arg = new DrmGetCap();
        Assert.Equal(-(int)Errno.EINVAL, dev.Backend.Ioctl(dev.Fd, Raw.Ioc.IOWR<DrmGetCap>(DRM_IOCTL_BASE, nr), &arg));
    }

    [Theory]
    [InlineData(0x3Fu)] // UPDATE_DRAW: a no-op kept for old userspace, master and root only
    [InlineData(0x01u)] // GET_UNIQUE
    public void LegacyCoreIoctl_OnARenderNode_FailsWithEacces_BeforeItsHandlerRuns(uint nr)
    {
        using var dev = OpenVgem();
        var arg = new DrmGetCap();
        Assert.Equal(-(int)Errno.EACCES, dev.Backend.Ioctl(dev.Fd, Raw.Ioc.IOWR<DrmGetCap>(DRM_IOCTL_BASE, nr), &arg));
    }

    [Theory]
    [InlineData(0x04u)] // GET_MAP
    [InlineData(0x08u)] // MODESET_CTL
    [InlineData(0x2Au)] // LOCK
    public void RemovedLegacyCoreIoctl_OnARenderNode_IsEaccesOn61_AndAnEmptySlotOn612(uint nr)
    {
        // 6.1 keeps DRM_LEGACY_IOCTL_DEF slots (drm_invalid_op) whose permission check fails first on a render
        // node; 6.8 removed them from drm_ioctls[], so 6.12 finds no handler: EINVAL.
        using var dev = OpenVgem();
        var arg = new DrmGetCap();
        Assert.Equal(-(int)Capabilities.ByKernel(Errno.EACCES, Errno.EINVAL), dev.Backend.Ioctl(dev.Fd, Raw.Ioc.IOWR<DrmGetCap>(DRM_IOCTL_BASE, nr), &arg));
    }

    [Fact]
    public void ModeCloseFb_IsPastTheTableOn61_AndOn612RefusedByTheRenderCheck_OrByVgemsLackOfKms()
    {
        // 6.8 added MODE_CLOSEFB (nr 0xD0, flags 0): 6.1's drm_ioctls[] ends before it (EINVAL); on 6.12 a render
        // node fails the permission check, and vgem's primary node reaches drm_mode_closefb_ioctl's
        // DRIVER_MODESET check.
        var arg = new DrmGetCap(); // any argument: both refusals come before the struct is read
        uint closeFb = Raw.Ioc.IOWR<DrmGetCap>(DRM_IOCTL_BASE, 0xD0);
        using (var render = OpenVgem())
            Assert.Equal(-(int)Capabilities.ByKernel(Errno.EINVAL, Errno.EACCES), render.Backend.Ioctl(render.Fd, closeFb, &arg));
        using var primary = DrmDevice.Open(Capabilities.FindPrimaryNode("vgem")!, Capabilities.Backend);
        Assert.Equal(-(int)Capabilities.ByKernel(Errno.EINVAL, Errno.EOPNOTSUPP), primary.Backend.Ioctl(primary.Fd, closeFb, &arg));
    }

    [Fact]
    public void DrmIoctl_OnEventFd_FailsWithEnotty()
    {
        using var ev = EventFd.Create();
        using var fd = ev.Handle.DuplicateInto(Capabilities.Backend);
        Assert.Equal(-(int)Errno.ENOTTY, Version(fd, default, default, default, out _));
    }
}
