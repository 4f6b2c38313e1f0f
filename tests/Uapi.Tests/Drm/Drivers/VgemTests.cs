using Uapi.Backends;
using Uapi.Backends.Loopback;
using Uapi.Backends.Loopback.Drm;
using Uapi.DmaBuf;
using Uapi.Drm;
using Uapi.Drm.Drivers;
using Uapi.Sync;

namespace Uapi.Tests;

/// <summary>
/// The loopback's vgem beyond what the conformance suite pins: its fence expiry with a short timeout, and GEM objects
/// whose managed shells the device reuses.
/// </summary>
public sealed class VgemTests
{
    private static LoopbackBackend WithVgem(TimeSpan fenceTimeout)
    {
        var lb = new LoopbackBackend();
        var vgem = new VgemDeviceModel { FenceTimeout = fenceTimeout };
        lb.AddNode(new DrmNode("/dev/dri/card0", DeviceNodeKind.DrmPrimary, 226, 0, vgem));
        lb.AddNode(new DrmNode("/dev/dri/renderD128", DeviceNodeKind.DrmRender, 226, 128, vgem));
        return lb;
    }

    [Fact]
    public void Fence_ExpiresAfterTheDevicesTimeout_ThenSignalReportsItAsFalse()
    {
        var lb = WithVgem(TimeSpan.FromMilliseconds(100));
        using var dev = DrmDevice.Open("/dev/dri/card0", lb);
        using var buf = dev.CreateDumb(16, 16, 32);
        using var dmaBuf = buf.ExportDmaBuf();
        using var fence = Vgem.From(dev).AttachFence(buf);
        using var file = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Read);
        Assert.True(file.Wait(SyncTimeout.After(TimeSpan.FromSeconds(10))));
        Assert.Equal(1, file.Info().Status);
        Assert.False(fence.Signal());
    }

    [Fact]
    public void AFence_KeepsItsFileOpen_AfterTheDeviceIsDisposed_AndStillSignals()
    {
        var lb = WithVgem(TimeSpan.FromMinutes(10));
        var dev = DrmDevice.Open("/dev/dri/renderD128", lb);
        using var card = DrmDevice.Open("/dev/dri/card0", lb);
        using var buf = card.CreateDumb(16, 16, 32);
        using var dmaBuf = buf.ExportDmaBuf();
        var imported = dev.ImportPrime(dmaBuf);
        var fence = Vgem.From(dev).AttachFence(imported);
        using var file = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Read);
        imported.Dispose();
        dev.Dispose();
        Assert.False(file.IsSignaled);  // closing the file would have signalled it: the fence holds the fd
        Assert.True(fence.Signal());
        Assert.True(file.Wait(SyncTimeout.After(TimeSpan.FromSeconds(5))));
        fence.Dispose();
    }

    [Fact]
    public void DisposingAPendingFence_SignalsIt()
    {
        var lb = WithVgem(TimeSpan.FromMinutes(10));
        using var dev = DrmDevice.Open("/dev/dri/card0", lb);
        using var buf = dev.CreateDumb(16, 16, 32);
        using var dmaBuf = buf.ExportDmaBuf();
        var fence = Vgem.From(dev).AttachFence(buf, VgemFenceUsage.Read);
        using var file = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Write);
        Assert.False(file.IsSignaled);
        fence.Dispose();
        Assert.True(fence.IsConsumed);
        Assert.True(file.Wait(SyncTimeout.After(TimeSpan.FromSeconds(5))));
        Assert.Throws<InvalidOperationException>(() => fence.Signal());
    }

    [Fact]
    public void ReusedObjectShell_GetsFreshZeroedPages_AndAnOldMappingKeepsItsOwn()
    {
        var lb = WithVgem(TimeSpan.FromSeconds(10));
        using var dev = DrmDevice.Open("/dev/dri/card0", lb);
        var first = dev.CreateDumb(16, 16, 32);
        using var oldMap = first.Map();
        oldMap.Write32(0, 0x12345678);
        uint name = first.Flink();
        first.Dispose();                 // freed: the device keeps the shell
        using var second = dev.CreateDumb(16, 16, 32);
        using var newMap = second.Map();
        Assert.Equal(0u, newMap.Read32(0));
        Assert.Equal(0x12345678u, oldMap.Read32(0));
        newMap.Write32(0, 0xCAFE);
        Assert.Equal(0x12345678u, oldMap.Read32(0));
        // The old flink name died with the object, even though its shell lives on.
        var e = Assert.Throws<UapiException>(() => dev.OpenFlink(name));
        Assert.Equal(Errno.ENOENT, e.Errno);
    }

    [Fact]
    public void ReusedObjectShell_StartsWithNoFences()
    {
        var lb = WithVgem(TimeSpan.FromMinutes(10));
        using var dev = DrmDevice.Open("/dev/dri/card0", lb);
        var vgem = Vgem.From(dev);
        var first = dev.CreateDumbHandle(16, 16, 32);
        var pending = vgem.AttachFence(first.Handle, VgemFenceUsage.Write);
        dev.ReleaseGem(first.Handle);
        var second = dev.CreateDumbHandle(16, 16, 32);
        using (var fence = vgem.AttachFence(second.Handle, VgemFenceUsage.Write)) Assert.True(fence.Signal());
        pending.Dispose();
        dev.ReleaseGem(second.Handle);
    }
}
