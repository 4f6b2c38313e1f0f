using Uapi.Backends;
using Uapi.Vfio;
using static Uapi.Raw.Interop.Vfio;

namespace Uapi.Conformance;

/// <summary>The legacy VFIO container and group, with QEMU's edu device bound to vfio-pci.</summary>
public unsafe class VfioCases
{
    [Fact]
    public void Container_ApiVersionIsZero()
    {
        Capabilities.Require(Capabilities.VfioType1);
        using var c = VfioContainer.Open(Capabilities.Backend);
        Assert.Equal(VFIO_API_VERSION, c.ApiVersion);
    }

    [Fact]
    public void Container_OffersType1v2()
    {
        Capabilities.Require(Capabilities.VfioType1);
        using var c = VfioContainer.Open(Capabilities.Backend);
        Assert.True(c.CheckExtension(VfioExtension.Type1v2Iommu));
        Assert.True(c.CheckExtension(VfioExtension.Type1Iommu));
        Assert.False(c.CheckExtension(VfioExtension.SpaprTceIommu));
    }

    [Fact]
    public void Group_IsViable_AndHasNoContainerYet()
    {
        Capabilities.Require(Capabilities.VfioGroup);
        var path = Capabilities.Backend.EnumerateNodes().First(n => n.Kind == DeviceNodeKind.VfioGroup).Path;
        using var g = VfioGroup.Open(path, Capabilities.Backend);
        Assert.True(g.IsViable);
        Assert.False(g.HasContainer);
    }

    [Fact]
    public void Group_StatusWithShortArgsz_FailsWithEinval()
    {
        Capabilities.Require(Capabilities.VfioGroup);
        var path = Capabilities.Backend.EnumerateNodes().First(n => n.Kind == DeviceNodeKind.VfioGroup).Path;
        using var g = VfioGroup.Open(path, Capabilities.Backend);
        var s = new VfioGroupStatus { Argsz = 4 };
        Assert.Equal(-(int)Errno.EINVAL, g.Fd.Backend.Ioctl(g.Fd, VFIO_GROUP_GET_STATUS, &s));
    }

    [Fact]
    public void Group_SecondOpen_FailsWithEbusy()
    {
        Capabilities.Require(Capabilities.VfioGroup);
        var path = Capabilities.Backend.EnumerateNodes().First(n => n.Kind == DeviceNodeKind.VfioGroup).Path;
        using var g = VfioGroup.Open(path, Capabilities.Backend);
        Assert.Equal(Errno.EBUSY, Capabilities.Backend.TryOpen(path, OpenFlags.ReadWrite, out var second));
        second?.Dispose();
    }
}
