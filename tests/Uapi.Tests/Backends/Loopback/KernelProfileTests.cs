using Uapi.Backends;
using Uapi.Backends.Loopback;
using Uapi.Drm;
using Uapi.Raw;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Tests;

/// <summary>
/// The loopback's kernel profiles: where 6.1 and 6.12 answer the same input differently, each profile gives its
/// own kernel's answer (measured in vm-test and vm-612; the conformance cases hold both expectations).
/// </summary>
public sealed unsafe class KernelProfileTests
{
    public static TheoryData<string> Profiles => ["6.1", "6.12"];

    private static LoopbackBackend Loopback(string profile) =>
        LoopbackBackend.Standard(profile == "6.1" ? StandardDeviceOptions.TestKernel61 : StandardDeviceOptions.TestKernel612);

    [Theory]
    [MemberData(nameof(Profiles))]
    public void KernelVersion_IsTheProfilesKernel(string profile)
    {
        Assert.Equal(System.Version.Parse(profile), Loopback(profile).KernelVersion);
        Assert.Equal(StandardDeviceOptions.Linux612, new LoopbackBackend().KernelVersion);
    }

    [Theory]
    [InlineData("6.1.0-28-amd64", 6, 1)]
    [InlineData("6.12.117", 6, 12)]
    [InlineData("6.12.117+deb12-amd64\n", 6, 12)]
    [InlineData("7.0-rc1", 7, 0)]
    public void KernelRelease_ParsesMajorAndMinor(string release, int major, int minor) =>
        Assert.Equal(new System.Version(major, minor), KernelBackend.ParseRelease(release));

    [Theory]
    [InlineData("6.1", 0x04u, Errno.EACCES)]   // GET_MAP: a legacy slot, refused by the render-node check first
    [InlineData("6.12", 0x04u, Errno.EINVAL)]  // gone from drm_ioctls[]: no handler
    [InlineData("6.1", 0x08u, Errno.EACCES)]   // MODESET_CTL
    [InlineData("6.12", 0x08u, Errno.EINVAL)]
    [InlineData("6.1", 0xD0u, Errno.EINVAL)]   // past 6.1's table
    [InlineData("6.12", 0xD0u, Errno.EACCES)]  // MODE_CLOSEFB: not for render nodes
    [InlineData("6.1", 0x3Fu, Errno.EACCES)]   // UPDATE_DRAW is a no-op on both
    [InlineData("6.12", 0x3Fu, Errno.EACCES)]
    public void CoreIoctlTable_OnARenderNode_IsTheProfiles(string profile, uint nr, Errno expected)
    {
        using var dev = DrmDevice.Open("/dev/dri/renderD128", Loopback(profile));
        var arg = new DrmGetCap();
        Assert.Equal(-(int)expected, dev.Backend.Ioctl(dev.Fd, Ioc.IOWR<DrmGetCap>(DRM_IOCTL_BASE, nr), &arg));
    }

    [Theory]
    [InlineData("6.1", "20120112")]
    [InlineData("6.12", "0")]
    public void Version_Date_IsTheProfiles(string profile, string date)
    {
        using var dev = DrmDevice.Open("/dev/dri/renderD128", Loopback(profile));
        Assert.Equal(date, dev.Version().Date);
    }

    [Theory]
    [InlineData("6.1", -(int)Errno.EINVAL)]
    [InlineData("6.12", 0)]
    public void SyncobjWait_WithZeroHandles_IsTheProfiles(string profile, int expected)
    {
        using var dev = DrmDevice.Open("/dev/dri/renderD128", Loopback(profile));
        var w = new DrmSyncobjWait();
        Assert.Equal(expected, dev.Backend.Ioctl(dev.Fd, DRM_IOCTL_SYNCOBJ_WAIT, &w));
        var tw = new DrmSyncobjTimelineWait();
        Assert.Equal(expected, dev.Backend.Ioctl(dev.Fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &tw));
    }

    // 6.1's sync_file_ioctl knows MERGE and FILE_INFO only (ENOTTY, as vm-test's SyncFileDeadline_Absent_IsNotSupported
    // shows); 6.4 added SET_DEADLINE. The library turns ENOTTY into NotSupported.
    [Theory]
    [InlineData("6.1", -(int)Errno.ENOTTY)]
    [InlineData("6.12", 0)]
    public void SyncFileSetDeadline_IsTheProfiles(string profile, int expected)
    {
        using var dev = DrmDevice.Open("/dev/dri/renderD128", Loopback(profile));
        using var t = Uapi.Sync.Timeline.Create(dev, signaled: true);
        using var file = t.ExportSyncFile();
        Assert.Equal(expected, Interop.SyncFile.SetDeadline(file.Fd, 1));
        if (expected == 0) file.SetDeadline(1);
        else Assert.Throws<UapiNotSupportedException>(() => file.SetDeadline(1));
    }
}
