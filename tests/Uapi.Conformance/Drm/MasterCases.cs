using Uapi.Drm;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Conformance;

/// <summary>
/// SET_MASTER / DROP_MASTER on vgem's nodes, as the kernel answers a process with CAP_SYS_ADMIN (the VM runs as
/// root). Each case starts with no file open on the primary node, so its first open becomes master.
/// </summary>
public class MasterCases
{
    private static DrmDevice OpenPrimary()
    {
        Capabilities.Require(Capabilities.Vgem);
        return DrmDevice.Open(Capabilities.FindPrimaryNode("vgem")!, Capabilities.Backend);
    }

    private static DrmDevice OpenRender()
    {
        Capabilities.Require(Capabilities.Vgem);
        return DrmDevice.Open(Capabilities.FindRenderNode("vgem")!, Capabilities.Backend);
    }

    [Fact]
    public void FirstOpener_IsMaster_SetMasterAgainSucceeds_ASecondFileGetsEbusy()
    {
        using var first = OpenPrimary();
        using var second = OpenPrimary();
        Assert.Equal(Errno.None, first.TrySetMaster());
        Assert.Equal(Errno.EBUSY, second.TrySetMaster());
        var e = Assert.Throws<UapiException>(second.SetMaster);
        Assert.Equal(Errno.EBUSY, e.Errno);
        Assert.Equal(nameof(DRM_IOCTL_SET_MASTER), e.Operation);
        Assert.Equal(second.Path, e.DevicePath);
    }

    [Fact]
    public void DropMaster_ByAFileThatIsNotMaster_FailsWithEinval()
    {
        using var first = OpenPrimary();
        using var second = OpenPrimary();
        Assert.Equal(Errno.EINVAL, second.TryDropMaster());
        var e = Assert.Throws<UapiException>(second.DropMaster);
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.Equal(nameof(DRM_IOCTL_DROP_MASTER), e.Operation);
    }

    [Fact]
    public void DropMaster_Twice_SecondFailsWithEinval()
    {
        using var first = OpenPrimary();
        first.DropMaster();
        Assert.Equal(Errno.EINVAL, first.TryDropMaster());
    }

    [Fact]
    public void AfterTheMasterDrops_AnotherFileCanTakeIt_AndTheOldMasterThenGetsEbusy()
    {
        using var first = OpenPrimary();
        using var second = OpenPrimary();
        first.DropMaster();
        second.SetMaster();
        Assert.Equal(Errno.EBUSY, first.TrySetMaster());
        Assert.Equal(Errno.EINVAL, first.TryDropMaster());
        second.DropMaster();
        first.SetMaster();   // a file that was master can take it back
        Assert.Equal(Errno.EBUSY, second.TrySetMaster());
    }

    [Fact]
    public void WithNoMaster_TheNextFileToOpenBecomesMaster()
    {
        using var first = OpenPrimary();
        first.DropMaster();
        using var next = OpenPrimary();
        Assert.Equal(Errno.EBUSY, first.TrySetMaster());
        Assert.Equal(Errno.None, next.TryDropMaster());
    }

    [Fact]
    public void ClosingTheMaster_FreesIt_ForAFileThatWasNeverMaster()
    {
        var first = OpenPrimary();
        using var second = OpenPrimary();
        Assert.Equal(Errno.EBUSY, second.TrySetMaster());
        first.Dispose();
        Assert.Equal(Errno.None, second.TrySetMaster());
        Assert.Equal(Errno.None, second.TryDropMaster());
    }

    [Fact]
    public void SetAndDropMaster_OnARenderNode_FailWithEacces()
    {
        using var render = OpenRender();
        Assert.Equal(Errno.EACCES, render.TrySetMaster());
        Assert.Equal(Errno.EACCES, render.TryDropMaster());
        var e = Assert.Throws<UapiException>(render.DropMaster);
        Assert.Equal(Errno.EACCES, e.Errno);
        Assert.Equal(render.Path, e.DevicePath);
    }
}
