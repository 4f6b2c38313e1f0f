using Uapi.Drm;
using Uapi.Drm.Drivers;
using static Uapi.Raw.Interop.Virtgpu;

namespace Uapi.Conformance;

/// <summary>
/// virtio-gpu's driver ioctls through <see cref="DrmDevice.DriverIoctl{T}"/>, as the kernel answers them for
/// QEMU's virtio-gpu-pci without virgl (a 2D-only device).
/// </summary>
public unsafe class VirtioGpuCases
{
    private static readonly long Page = Environment.SystemPageSize;

    private static DrmDevice OpenRender()
    {
        Capabilities.Require(Capabilities.VirtioGpu);
        return DrmDevice.Open(Capabilities.FindRenderNode("virtio_gpu")!, Capabilities.Backend);
    }

    private static DrmDevice OpenPrimary()
    {
        Capabilities.Require(Capabilities.VirtioGpu);
        return DrmDevice.Open(Capabilities.FindPrimaryNode("virtio_gpu")!, Capabilities.Backend);
    }

    // ---- GETPARAM ----

    [Fact]
    public void GetParam_Features3D_IsZero_WithoutVirgl()
    {
        using var dev = OpenRender();
        Assert.Equal(0UL, VirtioGpu.From(dev).GetParam(VirtioGpuParam.Features3D));
    }

    [Fact]
    public void GetParam_CapsetQueryFix_IsOne()
    {
        using var dev = OpenRender();
        Assert.Equal(1UL, VirtioGpu.From(dev).GetParam(VirtioGpuParam.CapsetQueryFix));
    }

    [Theory]
    [InlineData(VirtioGpuParam.ResourceBlob)]
    [InlineData(VirtioGpuParam.HostVisible)]
    [InlineData(VirtioGpuParam.CrossDevice)]
    [InlineData(VirtioGpuParam.ContextInit)]
    [InlineData(VirtioGpuParam.SupportedCapsetIds)]
    public void GetParam_FeaturesA2DDeviceLacks_AreZero(VirtioGpuParam param)
    {
        using var dev = OpenRender();
        Assert.Equal(0UL, VirtioGpu.From(dev).GetParam(param));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(0xFFFFUL)]
    [InlineData(0x1_0000_0001UL)] // param is a u64: the high half is not ignored
    public void GetParam_UnknownParam_FailsWithEinval(ulong param)
    {
        using var dev = OpenRender();
        var gpu = VirtioGpu.From(dev);
        Assert.Equal(Errno.EINVAL, gpu.TryGetParam((VirtioGpuParam)param, out _));
        var e = Assert.Throws<UapiException>(() => gpu.GetParam((VirtioGpuParam)param));
        Assert.Equal(nameof(DRM_IOCTL_VIRTGPU_GETPARAM), e.Operation);
        Assert.Equal(dev.Path, e.DevicePath);
    }

    [Fact]
    public void GetParam_WritesFourBytesThroughTheValuePointer_AndLeavesTheStructAlone()
    {
        using var dev = OpenRender();
        var buf = stackalloc uint[2] { 0x55555555, 0x66666666 };
        var g = new DrmVirtgpuGetparam { Param = VIRTGPU_PARAM_CAPSET_QUERY_FIX, Value = (ulong)buf };
        Assert.Equal(Errno.None, dev.TryDriverIoctl(DRM_IOCTL_VIRTGPU_GETPARAM, ref g));
        Assert.Equal(1u, buf[0]);
        Assert.Equal(0x66666666u, buf[1]);
        Assert.Equal(VIRTGPU_PARAM_CAPSET_QUERY_FIX, g.Param);
        Assert.Equal((ulong)buf, g.Value);
    }

    [Fact]
    public void GetParam_NullValuePointer_FailsWithEfault_ButAnUnknownParamIsEinvalFirst()
    {
        using var dev = OpenRender();
        var g = new DrmVirtgpuGetparam { Param = VIRTGPU_PARAM_3D_FEATURES };
        Assert.Equal(Errno.EFAULT, dev.TryDriverIoctl(DRM_IOCTL_VIRTGPU_GETPARAM, ref g));
        g = new DrmVirtgpuGetparam { Param = 0xFFFF };
        Assert.Equal(Errno.EINVAL, dev.TryDriverIoctl(DRM_IOCTL_VIRTGPU_GETPARAM, ref g));
    }

    [Fact]
    public void GetParam_OnThePrimaryNode_AnswersToo()
    {
        using var dev = OpenPrimary();
        Assert.Equal(1UL, VirtioGpu.From(dev).GetParam(VirtioGpuParam.CapsetQueryFix));
    }

    [Fact]
    public void From_OnVgem_ThrowsNotSupported()
    {
        Capabilities.Require(Capabilities.Vgem);
        using var dev = DrmDevice.Open(Capabilities.FindRenderNode("vgem")!, Capabilities.Backend);
        Assert.Throws<UapiNotSupportedException>(() => VirtioGpu.From(dev));
    }

    // ---- RESOURCE_CREATE / RESOURCE_INFO ----

    [Fact]
    public void ResourceCreate2D_GivesAGemHandleFromOne_AndADistinctHostResourceId()
    {
        using var dev = OpenRender();
        var gpu = VirtioGpu.From(dev);
        using var a = gpu.CreateResource2D(64, 64);
        using var b = gpu.CreateResource2D(32, 16, VirtioGpuFormat.B8G8R8A8Unorm);
        Assert.Equal(1u, a.Handle.Value); // idr from 1 on a fresh file
        Assert.Equal(2u, b.Handle.Value);
        Assert.NotEqual(0u, a.ResourceHandle);
        Assert.NotEqual(a.ResourceHandle, b.ResourceHandle);
        Assert.Equal((ulong)(64 * 64 * 4), a.Size);
    }

    [Fact]
    public void ResourceCreate_AfterClose_ReusesTheGemHandle_ButNotTheHostResourceId()
    {
        using var dev = OpenRender();
        var gpu = VirtioGpu.From(dev);
        var first = gpu.CreateResource2D(16, 16);
        var (handle, resource) = (first.Handle, first.ResourceHandle);
        first.Dispose();
        using var second = gpu.CreateResource2D(16, 16);
        Assert.Equal(handle, second.Handle);
        Assert.NotEqual(resource, second.ResourceHandle);
    }

    [Theory]
    [InlineData("target 0")]
    [InlineData("target 3")]
    [InlineData("depth 2")]
    [InlineData("array size 2")]
    [InlineData("last level 2")]
    [InlineData("2 samples")]
    public void ResourceCreate_Without3D_RejectsWhatOnlyAHostRendererCouldMake(string what)
    {
        using var dev = OpenRender();
        var d = new VirtioGpuResourceDescription { Width = 16, Height = 16 };
        d = what switch
        {
            "target 0" => d with { Target = 0 },
            "target 3" => d with { Target = 3 },
            "depth 2" => d with { Depth = 2 },
            "array size 2" => d with { ArraySize = 2 },
            "last level 2" => d with { LastLevel = 2 },
            "2 samples" => d with { NrSamples = 2 },
            _ => throw new ArgumentException(what),
        };
        var e = Assert.Throws<UapiException>(() => VirtioGpu.From(dev).CreateResource(d));
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.Equal(nameof(DRM_IOCTL_VIRTGPU_RESOURCE_CREATE), e.Operation);
    }

    [Fact]
    public void ResourceCreate_Without3D_AcceptsZeroDepthAndArraySize_OneSampleAndOneExtraLevel()
    {
        using var dev = OpenRender();
        using var r = VirtioGpu.From(dev).CreateResource(new VirtioGpuResourceDescription
        {
            Width = 16, Height = 16, Depth = 0, ArraySize = 0, NrSamples = 1, LastLevel = 1,
        });
        Assert.NotEqual(0u, r.ResourceHandle);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(4096u)]
    [InlineData(5000u)]
    [InlineData(16384u)]
    public void ResourceCreate_GuestObject_IsThePageAlignedSize_OrOnePageForZero(uint size)
    {
        using var dev = OpenRender();
        using var r = VirtioGpu.From(dev).CreateResource(new VirtioGpuResourceDescription { Width = 16, Height = 16, Size = size });
        long expected = size == 0 ? Page : (size + Page - 1) / Page * Page;
        Assert.Equal((ulong)expected, r.Size);
    }

    [Fact]
    public void ResourceCreate_DoesNotWriteBackSizeOrStride()
    {
        using var dev = OpenRender();
        var rc = new DrmVirtgpuResourceCreate { Target = 2, Format = 2, Width = 16, Height = 16, Size = 5000, Stride = 77 };
        dev.DriverIoctl(DRM_IOCTL_VIRTGPU_RESOURCE_CREATE, ref rc, nameof(DRM_IOCTL_VIRTGPU_RESOURCE_CREATE));
        using var owner = dev.AdoptGemHandle(rc.BoHandle, 0);
        Assert.Equal(5000u, rc.Size);
        Assert.Equal(77u, rc.Stride);
        Assert.NotEqual(0u, rc.BoHandle);
        Assert.NotEqual(0u, rc.ResHandle);
    }

    [Fact]
    public void ResourceInfo_ReportsTheResourceId_AndIsEnoentForAnUnknownHandle()
    {
        using var dev = OpenRender();
        using var r = VirtioGpu.From(dev).CreateResource2D(16, 16);
        var info = new DrmVirtgpuResourceInfo { BoHandle = r.Handle.Value };
        Assert.Equal(Errno.None, dev.TryDriverIoctl(DRM_IOCTL_VIRTGPU_RESOURCE_INFO, ref info));
        Assert.Equal(r.ResourceHandle, info.ResHandle);
        info = new DrmVirtgpuResourceInfo { BoHandle = 0x7FFF };
        Assert.Equal(Errno.ENOENT, dev.TryDriverIoctl(DRM_IOCTL_VIRTGPU_RESOURCE_INFO, ref info));
    }

    // ---- MAP + mmap ----

    [Fact]
    public void Map_ThenMmap_TwoMappingsShareTheBuffersPages()
    {
        using var dev = OpenRender();
        using var r = VirtioGpu.From(dev).CreateResource2D(64, 64);
        using var a = r.Map();
        using var b = r.Map();
        Assert.Equal((long)r.Size, a.Length);
        a.Write32(0, 0x12345678);
        a.Write32(a.Length - 4, 0x9ABCDEF0);
        Assert.Equal(0x12345678u, b.Read32(0));
        Assert.Equal(0x9ABCDEF0u, b.Read32(b.Length - 4));
    }

    [Fact]
    public void Map_Twice_GivesTheSameOffset_AndIgnoresPad()
    {
        using var dev = OpenRender();
        using var r = VirtioGpu.From(dev).CreateResource2D(16, 16);
        var m1 = new DrmVirtgpuMap { Handle = r.Handle.Value };
        var m2 = new DrmVirtgpuMap { Handle = r.Handle.Value, Pad = 1 };
        dev.DriverIoctl(DRM_IOCTL_VIRTGPU_MAP, ref m1, nameof(DRM_IOCTL_VIRTGPU_MAP));
        dev.DriverIoctl(DRM_IOCTL_VIRTGPU_MAP, ref m2, nameof(DRM_IOCTL_VIRTGPU_MAP));
        Assert.NotEqual(0UL, m1.Offset);
        Assert.Equal(m1.Offset, m2.Offset);
    }

    [Fact]
    public void Map_UnknownHandle_FailsWithEnoent()
    {
        using var dev = OpenRender();
        var m = new DrmVirtgpuMap { Handle = 0x7FFF };
        var e = Assert.Throws<UapiException>(() => dev.DriverIoctl(DRM_IOCTL_VIRTGPU_MAP, ref m, nameof(DRM_IOCTL_VIRTGPU_MAP)));
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Equal(nameof(DRM_IOCTL_VIRTGPU_MAP), e.Operation);
    }

    [Fact]
    public void Mmap_PastTheEndOrStartingInsideTheObject_FailsWithEinval()
    {
        using var dev = OpenRender();
        using var r = VirtioGpu.From(dev).CreateResource(new VirtioGpuResourceDescription { Width = 16, Height = 16, Size = (uint)(2 * Page) });
        var m = new DrmVirtgpuMap { Handle = r.Handle.Value };
        dev.DriverIoctl(DRM_IOCTL_VIRTGPU_MAP, ref m, nameof(DRM_IOCTL_VIRTGPU_MAP));
        var past = Assert.Throws<UapiException>(() => dev.Backend.Map(dev.Fd, (long)m.Offset, 3 * Page));
        Assert.Equal(Errno.EINVAL, past.Errno);
        var inside = Assert.Throws<UapiException>(() => dev.Backend.Map(dev.Fd, (long)m.Offset + Page, Page));
        Assert.Equal(Errno.EINVAL, inside.Errno);
    }

    [Fact]
    public void Mmap_OfAnotherFilesOffset_FailsWithEacces()
    {
        using var dev = OpenRender();
        using var r = VirtioGpu.From(dev).CreateResource2D(16, 16);
        var m = new DrmVirtgpuMap { Handle = r.Handle.Value };
        dev.DriverIoctl(DRM_IOCTL_VIRTGPU_MAP, ref m, nameof(DRM_IOCTL_VIRTGPU_MAP));
        using var other = DrmDevice.Open(dev.Path, dev.Backend);
        var e = Assert.Throws<UapiException>(() => other.Backend.Map(other.Fd, (long)m.Offset, Page));
        Assert.Equal(Errno.EACCES, e.Errno);
    }

    // ---- WAIT ----

    [Fact]
    public void Wait_ThenNoWait_OnAResourceNothingUses_AreBothIdle()
    {
        using var dev = OpenRender();
        using var r = VirtioGpu.From(dev).CreateResource2D(16, 16);
        Assert.True(r.Wait());
        Assert.True(r.Wait(noWait: true));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(VIRTGPU_WAIT_NOWAIT)]
    public void Wait_UnknownHandle_FailsWithEnoent(uint flags)
    {
        using var dev = OpenRender();
        var w = new DrmVirtgpu3dWait { Handle = 0x7FFF, Flags = flags };
        Assert.Equal(Errno.ENOENT, dev.TryDriverIoctl(DRM_IOCTL_VIRTGPU_WAIT, ref w));
    }

    [Fact]
    public void Wait_OnAClosedHandle_FailsWithEnoent()
    {
        using var dev = OpenRender();
        var r = VirtioGpu.From(dev).CreateResource2D(16, 16);
        uint handle = r.Handle.Value;
        r.Dispose();
        var w = new DrmVirtgpu3dWait { Handle = handle, Flags = VIRTGPU_WAIT_NOWAIT };
        Assert.Equal(Errno.ENOENT, dev.TryDriverIoctl(DRM_IOCTL_VIRTGPU_WAIT, ref w));
    }

    [Fact]
    public void Wait_UndefinedFlagBits_AreNotChecked()
    {
        using var dev = OpenRender();
        using var r = VirtioGpu.From(dev).CreateResource2D(16, 16);
        var w = new DrmVirtgpu3dWait { Handle = r.Handle.Value, Flags = 0x2 };
        Assert.Equal(Errno.None, dev.TryDriverIoctl(DRM_IOCTL_VIRTGPU_WAIT, ref w));
    }

    // ---- the rest of the driver's table ----

    [Fact]
    public void Execbuffer_WithoutVirgl_FailsWithEnosys()
    {
        using var dev = OpenRender();
        var x = new DrmVirtgpuExecbuffer();
        Assert.Equal(Errno.ENOSYS, dev.TryDriverIoctl(DRM_IOCTL_VIRTGPU_EXECBUFFER, ref x));
    }

    private struct Sixteen { public ulong A, B; }

    [Theory]
    [InlineData(0x00u)] // a hole at the start of virtio-gpu's table
    [InlineData(0x0Cu)] // just past CONTEXT_INIT, the last entry on 6.1
    [InlineData(0x5Fu)] // the last driver number
    public void DriverIoctl_NrWithoutAHandler_FailsWithEinval(uint nr)
    {
        using var dev = OpenRender();
        var arg = new Sixteen { A = 0, B = 0 };
        Assert.Equal(Errno.EINVAL, dev.TryDriverIoctl(DrmDriverIoctl.IOWR<Sixteen>(nr), ref arg));
    }
}
