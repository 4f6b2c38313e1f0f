using Uapi.Async;
using Uapi.Backends;
using Uapi.Raw;

namespace Uapi.Tests;

[Collection(nameof(FdTable))]
public unsafe class HandleTests
{
    private static int OpenFdCount() => Directory.GetFiles("/proc/self/fd").Length;

    [Fact]
    public void OpenClose_10000Cycles_LeavesFdTableUnchanged()
    {
        var lb = Backends.Loopback.LoopbackBackend.Standard();
        // Warm up anything lazily opened (the reactor, runtime internals) before counting.
        lb.Open("/dev/dri/renderD128").Dispose();
        int before = OpenFdCount();
        for (int i = 0; i < 10_000; i++)
        {
            using var fd = lb.Open("/dev/dri/renderD128");
            using var ev = EventFd.Create();
        }
        Assert.Equal(before, OpenFdCount());
    }

    [Fact]
    public void Fd_IsCloseOnExec()
    {
        using var ev = EventFd.Create();
        var flags = File.ReadAllText($"/proc/self/fdinfo/{ev.Handle.DangerousFd}")
            .Split('\n').Single(l => l.StartsWith("flags:", StringComparison.Ordinal));
        // flags is octal; O_CLOEXEC is 02000000.
        long value = Convert.ToInt64(flags.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1], 8);
        Assert.NotEqual(0, value & 0x80000);
    }

    [Fact]
    public void LoopbackOpen_IsCloseOnExec()
    {
        using var fd = Backend.Loopback.Open("/dev/dri/renderD128");
        var flags = File.ReadAllLines($"/proc/self/fdinfo/{fd.DangerousFd}").Single(l => l.StartsWith("flags:", StringComparison.Ordinal));
        Assert.NotEqual(0, Convert.ToInt64(flags.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1], 8) & 0x80000);
    }

    [Fact]
    public void DisposedHandle_IoctlThrowsObjectDisposed()
    {
        var fd = Backend.Loopback.Open("/dev/dri/renderD128");
        fd.Dispose();
        Assert.Throws<ObjectDisposedException>(() => GetCap(fd, Interop.Drm.DRM_CAP_PRIME));
    }

    private static int GetCap(Handles.UapiFd fd, ulong capability)
    {
        var cap = new Interop.Drm.DrmGetCap { Capability = capability };
        return Backend.Loopback.Ioctl(fd, Interop.Drm.DRM_IOCTL_GET_CAP, &cap);
    }

    [Fact]
    public void DisposedEventFd_ThrowsObjectDisposed()
    {
        var ev = EventFd.Create();
        ev.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ev.Signal());
    }

    [Fact]
    public void Duplicate_IsIndependentlyOwned()
    {
        using var fd = Backend.Loopback.Open("/dev/dri/renderD128");
        var dup = fd.Duplicate();
        Assert.NotEqual(fd.DangerousFd, dup.DangerousFd);
        dup.Dispose();
        // The original still answers after its duplicate is closed.
        var cap = new Interop.Drm.DrmGetCap { Capability = Interop.Drm.DRM_CAP_SYNCOBJ };
        Assert.Equal(0, Backend.Loopback.Ioctl(fd, Interop.Drm.DRM_IOCTL_GET_CAP, &cap));
        Assert.Equal(1UL, cap.Value);
    }

    [Fact]
    public void Open_MissingNode_ThrowsWithPathAndEnoent()
    {
        var e = Assert.Throws<UapiException>(() => Backend.Loopback.Open("/dev/dri/renderD200"));
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Equal("/dev/dri/renderD200", e.DevicePath);
    }

    [Fact]
    public void Ioctl_OnFdWithoutModel_GoesToTheKernel_Enotty()
    {
        // An eventfd is no device: the host kernel answers ENOTTY, through the loopback as through the kernel backend.
        using var ev = EventFd.Create();
        var fd = ev.Handle.DuplicateInto(Backend.Loopback);
        using (fd)
        {
            var cap = new Interop.Drm.DrmGetCap();
            Assert.Equal(-(int)Errno.ENOTTY, Backend.Loopback.Ioctl(fd, Interop.Drm.DRM_IOCTL_GET_CAP, &cap));
        }
    }

    [Fact]
    public void BackendSelection_HonoursEnvironmentValue()
    {
        Assert.Same(Backend.Kernel, Backend.FromName("kernel"));
        Assert.Same(Backend.Loopback, Backend.FromName("loopback"));
        Assert.Throws<ArgumentException>(() => Backend.FromName("gpu"));
    }
}
