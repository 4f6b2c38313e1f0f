using System.Text.RegularExpressions;
using Uapi.Async;
using Uapi.DmaBuf;
using Uapi.Drm;
using Uapi.Drm.Drivers;
using Uapi.Sync;
using static Uapi.Raw.Interop.DmaBuf;
using static Uapi.Raw.Interop.Vgem;

namespace Uapi.Conformance;

/// <summary>
/// vgem's FENCE_ATTACH / FENCE_SIGNAL and the buffer's reservation as dma-buf EXPORT_SYNC_FILE and IMPORT_SYNC_FILE
/// show it, as the kernel answers them.
/// </summary>
public unsafe partial class VgemFenceCases
{
    private static readonly SyncTimeout Soon = SyncTimeout.After(TimeSpan.FromSeconds(5));

    /// <summary>vgem's primary node: dumb buffers need it, and the fence ioctls work on it too.</summary>
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

    // Hand-built, for what the raw call never sends: a nonzero pad, and a sentinel in out_fence that success must overwrite.
    private static Errno Attach(DrmDevice dev, uint handle, uint flags, out uint fence, uint pad = 0)
    {
        var a = new DrmVgemFenceAttach { Handle = handle, Flags = flags, Pad = pad, OutFence = 0xDEAD };
        var e = dev.TryIoctl(DRM_IOCTL_VGEM_FENCE_ATTACH, ref a);
        fence = a.OutFence;
        return e;
    }

    private static Errno SignalRaw(DrmDevice dev, uint fence, uint flags = 0)
    {
        int r = FenceSignal(dev.Fd, fence, flags);
        return r < 0 ? (Errno)(-r) : Errno.None;
    }

    private static Errno ExportRaw(Handles.UapiFd dmaBuf, uint flags)
    {
        int r = ExportSyncFile(dmaBuf, flags, out int fd);
        if (r == 0) dmaBuf.Backend.Adopt(fd, "sync_file").Dispose();
        return r < 0 ? (Errno)(-r) : Errno.None;
    }

    private static Errno ImportRaw(Handles.UapiFd dmaBuf, uint flags, int fd)
    {
        int r = ImportSyncFile(dmaBuf, flags, fd);
        return r < 0 ? (Errno)(-r) : Errno.None;
    }

    [GeneratedRegex(@"^vgem-unbound\d+-1$")]
    private static partial Regex VgemSyncFileName();

    [GeneratedRegex(@"^dma_fence_array-unbound\d+-1$")]
    private static partial Regex ArraySyncFileName();

    // ---- bad input ----

    [Theory]
    [InlineData(0x2u)]
    [InlineData(0x80000000u)]
    public void Attach_UnknownFlag_FailsWithEinval_BeforeTheHandleIsLookedUp(uint flags)
    {
        using var dev = OpenPrimary();
        using var buf = dev.CreateDumb(16, 16, 32);
        Assert.Equal(Errno.EINVAL, Attach(dev, buf.Handle.Value, flags, out _));
        Assert.Equal(Errno.EINVAL, Attach(dev, 0x7777, flags, out _));
    }

    [Fact]
    public void Attach_NonzeroPad_FailsWithEinval_BeforeTheHandleIsLookedUp()
    {
        using var dev = OpenPrimary();
        using var buf = dev.CreateDumb(16, 16, 32);
        Assert.Equal(Errno.EINVAL, Attach(dev, buf.Handle.Value, 0, out _, pad: 1));
        Assert.Equal(Errno.EINVAL, Attach(dev, 0x7777, VGEM_FENCE_WRITE, out _, pad: 1));
    }

    [Fact]
    public void Attach_UnknownHandle_FailsWithEnoent()
    {
        using var dev = OpenPrimary();
        Assert.Equal(Errno.ENOENT, Attach(dev, 0x7777, 0, out _));
        Assert.Equal(Errno.ENOENT, Attach(dev, 0, VGEM_FENCE_WRITE, out _));
        var e = Assert.Throws<UapiException>(() => Vgem.From(dev).AttachFence(new GemHandle(0x7777)));
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Equal(nameof(DRM_IOCTL_VGEM_FENCE_ATTACH), e.Operation);
        Assert.Equal(dev.Path, e.DevicePath);
    }

    [Fact]
    public void Signal_NonzeroFlags_FailsWithEinval_AndLeavesTheFencePending()
    {
        using var dev = OpenPrimary();
        using var buf = dev.CreateDumb(16, 16, 32);
        Assert.Equal(Errno.None, Attach(dev, buf.Handle.Value, VGEM_FENCE_WRITE, out uint fence));
        Assert.Equal(Errno.EINVAL, SignalRaw(dev, fence, flags: 1));
        Assert.Equal(Errno.EINVAL, SignalRaw(dev, 0x7777, flags: 1));   // flags before the lookup
        using var dmaBuf = buf.ExportDmaBuf();
        using var file = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Read);
        Assert.False(file.IsSignaled);
        Assert.Equal(Errno.None, SignalRaw(dev, fence));
        Assert.True(file.Wait(Soon));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]           // no fence attached on this file yet
    [InlineData(0x7777u)]
    [InlineData(0xFFFFFFFFu)]
    public void Signal_UnknownFence_FailsWithEnoent(uint fence)
    {
        using var dev = OpenPrimary();
        Assert.Equal(Errno.ENOENT, SignalRaw(dev, fence));
    }

    [Fact]
    public void Signal_Twice_SecondFailsWithEnoent()
    {
        using var dev = OpenPrimary();
        using var buf = dev.CreateDumb(16, 16, 32);
        Assert.Equal(Errno.None, Attach(dev, buf.Handle.Value, 0, out uint fence));
        Assert.Equal(Errno.None, SignalRaw(dev, fence));
        Assert.Equal(Errno.ENOENT, SignalRaw(dev, fence));
    }

    [Fact]
    public void FenceIds_ArePerFile_CountFromOne_AndAreNotReusedAfterSignal()
    {
        using var a = OpenPrimary();
        using var b = OpenRender();
        using var buf = a.CreateDumb(16, 16, 32);
        Assert.Equal(Errno.None, Attach(a, buf.Handle.Value, 0, out uint first));
        Assert.Equal(1u, first);
        Assert.Equal(Errno.None, SignalRaw(a, first));
        Assert.Equal(Errno.None, Attach(a, buf.Handle.Value, 0, out uint second));
        Assert.Equal(2u, second);
        // Another file has its own ids: it cannot signal a's fence, and its own count starts at 1.
        Assert.Equal(Errno.ENOENT, SignalRaw(b, second));
        using var dmaBuf = buf.ExportDmaBuf();
        using var imported = b.ImportPrime(dmaBuf);
        Assert.Equal(Errno.None, Attach(b, imported.Handle.Value, 0, out uint other));
        Assert.Equal(1u, other);
        Assert.Equal(Errno.None, SignalRaw(a, second));
        Assert.Equal(Errno.None, SignalRaw(b, other));
    }

    [Theory]
    [InlineData(VgemFenceUsage.Read, VgemFenceUsage.Read, Errno.None)]
    [InlineData(VgemFenceUsage.Read, VgemFenceUsage.Write, Errno.EBUSY)]
    [InlineData(VgemFenceUsage.Write, VgemFenceUsage.Read, Errno.EBUSY)]
    [InlineData(VgemFenceUsage.Write, VgemFenceUsage.Write, Errno.EBUSY)]
    public void Attach_WhileAnotherFenceIsPending_ConflictsAsImplicitSyncSays(VgemFenceUsage pending, VgemFenceUsage next, Errno expected)
    {
        using var dev = OpenPrimary();
        using var buf = dev.CreateDumb(16, 16, 32);
        var vgem = Vgem.From(dev);
        using var first = vgem.AttachFence(buf, pending);
        Assert.Equal(expected, vgem.TryAttachFence(buf.Handle, next, out var second));
        second?.Dispose();
        if (expected == Errno.EBUSY)
        {
            var e = Assert.Throws<UapiException>(() => vgem.AttachFence(buf, next));
            Assert.Equal(Errno.EBUSY, e.Errno);
            Assert.Equal(nameof(DRM_IOCTL_VGEM_FENCE_ATTACH), e.Operation);
        }
        // Once signalled, nothing conflicts.
        Assert.True(first.Signal());
        using var third = vgem.AttachFence(buf, next);
        Assert.True(third.Signal());
    }

    [Fact]
    public void VgemFence_SignalTwice_Throws_AndDisposeSignalsAPendingFence()
    {
        using var dev = OpenPrimary();
        using var buf = dev.CreateDumb(16, 16, 32);
        using var dmaBuf = buf.ExportDmaBuf();
        var vgem = Vgem.From(dev);
        var signalled = vgem.AttachFence(buf, VgemFenceUsage.Write);
        Assert.True(signalled.Signal());
        Assert.True(signalled.IsConsumed);
        Assert.Throws<InvalidOperationException>(() => signalled.Signal());

        var forgotten = vgem.AttachFence(buf, VgemFenceUsage.Write);
        using var file = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Read);
        Assert.False(file.IsSignaled);
        forgotten.Dispose();
        Assert.True(file.Wait(Soon));
        Assert.Equal(Errno.ENOENT, SignalRaw(dev, forgotten.Id));
    }

    [Fact]
    public void VgemFrom_AnotherDriver_IsNotSupported()
    {
        Capabilities.Require(Capabilities.VirtioGpu);
        using var dev = DrmDevice.Open(Capabilities.FindRenderNode("virtio_gpu")!, Capabilities.Backend);
        Assert.Throws<UapiNotSupportedException>(() => Vgem.From(dev));
    }

    [Theory]
    [InlineData(0x00u)] // the driver table's slot 0 is empty
    [InlineData(0x03u)] // past FENCE_SIGNAL
    [InlineData(0x5Fu)]
    public void DriverIoctl_WithNoEntryInVgemsTable_FailsWithEinval(uint nr)
    {
        using var dev = OpenPrimary();
        var a = new DrmVgemFenceAttach();
        Assert.Equal(Errno.EINVAL, dev.TryIoctl(DrmDriverIoctl.IOWR<DrmVgemFenceAttach>(nr), ref a));
    }

    // ---- what the dma-buf shows ----

    [Fact]
    public void Export_OfABufferWithNoFences_IsTheSignalledStub()
    {
        using var dev = OpenPrimary();
        using var buf = dev.CreateDumb(16, 16, 32);
        using var dmaBuf = buf.ExportDmaBuf();
        foreach (var access in new[] { DmaBufAccess.Read, DmaBufAccess.Write, DmaBufAccess.ReadWrite })
        {
            using var file = DmaBufSyncFile.Export(dmaBuf, access);
            Assert.True(file.IsSignaled);
            var info = file.Info();
            Assert.Equal(1, info.Status);
            var stub = Assert.Single(info.Fences);
            Assert.Equal("stub", stub.DriverName);
            Assert.Equal("stub", stub.TimelineName);
            Assert.Equal(1, stub.Status);
            Assert.Equal("stub-stub0-0", info.Name); // dma_fence_get_stub(): context 0, seqno 0
        }
    }

    [Fact]
    public void Export_PendingWriteFence_BlocksReadersAndWriters_UntilSignalled()
    {
        using var dev = OpenPrimary();
        using var buf = dev.CreateDumb(16, 16, 32);
        using var dmaBuf = buf.ExportDmaBuf();
        using var fence = Vgem.From(dev).AttachFence(buf, VgemFenceUsage.Write);
        using var forRead = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Read);
        using var forWrite = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Write);
        Assert.False(forRead.IsSignaled);
        Assert.False(forWrite.IsSignaled);
        var info = forRead.Info();
        Assert.Equal(0, info.Status);
        Assert.Matches(VgemSyncFileName(), info.Name);
        var f = Assert.Single(info.Fences);
        Assert.Equal("vgem", f.DriverName);
        Assert.Equal("unbound", f.TimelineName);
        Assert.Equal(0, f.Status);
        Assert.Equal(0, f.TimestampNs);

        Assert.True(fence.Signal());
        Assert.True(forRead.Wait(Soon));
        Assert.True(forWrite.Wait(Soon));
        info = forWrite.Info();
        Assert.Equal(1, info.Status);
        Assert.True(info.Fences[0].TimestampNs > 0);
        // Signalled fences no longer count: a new export is the stub.
        using var after = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Write);
        Assert.Equal("stub", Assert.Single(after.Info().Fences).DriverName);
    }

    [Fact]
    public void Export_PendingReadFence_BlocksOnlyWriters()
    {
        using var dev = OpenPrimary();
        using var buf = dev.CreateDumb(16, 16, 32);
        using var dmaBuf = buf.ExportDmaBuf();
        using var fence = Vgem.From(dev).AttachFence(buf, VgemFenceUsage.Read);
        using var forRead = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Read);
        using var forWrite = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Write);
        using var forBoth = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.ReadWrite);
        Assert.True(forRead.IsSignaled);
        Assert.Equal("stub", Assert.Single(forRead.Info().Fences).DriverName);
        Assert.False(forWrite.IsSignaled);
        Assert.False(forBoth.IsSignaled);
        Assert.True(fence.Signal());
        Assert.True(forWrite.Wait(Soon));
        Assert.True(forBoth.Wait(Soon));
    }

    [Fact]
    public void Export_IsASnapshot_FencesAttachedLaterAreNotInIt()
    {
        using var dev = OpenPrimary();
        using var buf = dev.CreateDumb(16, 16, 32);
        using var dmaBuf = buf.ExportDmaBuf();
        var vgem = Vgem.From(dev);
        using var first = vgem.AttachFence(buf, VgemFenceUsage.Read);
        using var snapshot = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Write);
        using var second = vgem.AttachFence(buf, VgemFenceUsage.Read);
        Assert.True(first.Signal());
        Assert.True(snapshot.Wait(Soon));
        using var now = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Write);
        Assert.False(now.IsSignaled);
        Assert.True(second.Signal());
        Assert.True(now.Wait(Soon));
    }

    [Fact]
    public void Export_TwoPendingReaders_ForAWriter_IsAnArrayOfBoth()
    {
        using var dev = OpenPrimary();
        using var buf = dev.CreateDumb(16, 16, 32);
        using var dmaBuf = buf.ExportDmaBuf();
        var vgem = Vgem.From(dev);
        using var a = vgem.AttachFence(buf, VgemFenceUsage.Read);
        using var b = vgem.AttachFence(buf, VgemFenceUsage.Read);
        using var file = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Write);
        var info = file.Info();
        Assert.Matches(ArraySyncFileName(), info.Name);
        Assert.Equal(2, info.Fences.Count);
        Assert.All(info.Fences, f => Assert.Equal("vgem", f.DriverName));
        Assert.True(a.Signal());
        Assert.False(file.IsSignaled);
        Assert.True(b.Signal());
        Assert.True(file.Wait(Soon));
    }

    [Fact]
    public void Attach_ThroughTheRenderNode_ToAnImportedBuffer_ShowsOnTheExportersDmaBuf()
    {
        using var primary = OpenPrimary();
        using var render = OpenRender();
        using var buf = primary.CreateDumb(16, 16, 32);
        using var dmaBuf = buf.ExportDmaBuf();
        using var imported = render.ImportPrime(dmaBuf);
        using var fence = Vgem.From(render).AttachFence(imported, VgemFenceUsage.Write);
        using var file = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Read);
        Assert.False(file.IsSignaled);
        // The exporter's file sees the same reservation: its own attach conflicts.
        Assert.Equal(Errno.EBUSY, Attach(primary, buf.Handle.Value, 0, out _));
        Assert.True(fence.Signal());
        Assert.True(file.Wait(Soon));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(DMA_BUF_SYNC_END)]
    [InlineData(DMA_BUF_SYNC_READ | DMA_BUF_SYNC_END)]
    [InlineData(0x80000000u)]
    public void ExportAndImport_FlagsOtherThanReadOrWrite_FailWithEinval(uint flags)
    {
        using var dev = OpenPrimary();
        using var buf = dev.CreateDumb(16, 16, 32);
        using var dmaBuf = buf.ExportDmaBuf();
        Assert.Equal(Errno.EINVAL, ExportRaw(dmaBuf, flags));
        using var file = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Read);
        Assert.Equal(Errno.EINVAL, ImportRaw(dmaBuf, flags, file.Fd.DangerousFd));
        var e = Assert.Throws<UapiException>(() => DmaBufSyncFile.Export(dmaBuf, (DmaBufAccess)flags));
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.Equal(nameof(DMA_BUF_IOCTL_EXPORT_SYNC_FILE), e.Operation);
    }

    [Fact]
    public void Import_OfAnFdThatIsNotASyncFile_FailsWithEinval_EvenAClosedOne()
    {
        using var dev = OpenPrimary();
        using var buf = dev.CreateDumb(16, 16, 32);
        using var dmaBuf = buf.ExportDmaBuf();
        using var ev = EventFd.Create();
        Assert.Equal(Errno.EINVAL, ImportRaw(dmaBuf, DMA_BUF_SYNC_WRITE, ev.Handle.DangerousFd));
        Assert.Equal(Errno.EINVAL, ImportRaw(dmaBuf, DMA_BUF_SYNC_WRITE, dmaBuf.DangerousFd));
        int closed = ev.Handle.DangerousFd;
        ev.Dispose();
        Assert.Equal(Errno.EINVAL, ImportRaw(dmaBuf, DMA_BUF_SYNC_READ, closed));
        Assert.Equal(Errno.EINVAL, ImportRaw(dmaBuf, DMA_BUF_SYNC_READ, -1));
    }

    [Fact]
    public void SyncFileIoctls_OnTheDrmFd_FailWithEnotty_AndOnAnEventfdToo()
    {
        using var dev = OpenPrimary();
        Assert.Equal(-(int)Errno.ENOTTY, ExportSyncFile(dev.Fd, DMA_BUF_SYNC_READ, out _));
        using var ev = EventFd.Create();
        using var fd = ev.Handle.DuplicateInto(Capabilities.Backend);
        var x = Assert.Throws<UapiException>(() => DmaBufSyncFile.Export(fd, DmaBufAccess.Read));
        Assert.Equal(Errno.ENOTTY, x.Errno);
    }

    [Fact]
    public void Import_AsWriter_ThenExport_HasTheFence_AndVgemSeesTheConflict()
    {
        using var dev = OpenPrimary();
        using var source = dev.CreateDumb(16, 16, 32);
        using var target = dev.CreateDumb(16, 16, 32);
        using var sourceBuf = source.ExportDmaBuf();
        using var targetBuf = target.ExportDmaBuf();
        var vgem = Vgem.From(dev);
        using var fence = vgem.AttachFence(source, VgemFenceUsage.Write);
        using (var file = DmaBufSyncFile.Export(sourceBuf, DmaBufAccess.Write))
            DmaBufSyncFile.Import(targetBuf, file, DmaBufAccess.Write);

        using var forRead = DmaBufSyncFile.Export(targetBuf, DmaBufAccess.Read);
        Assert.False(forRead.IsSignaled);
        var f = Assert.Single(forRead.Info().Fences);
        Assert.Equal("vgem", f.DriverName);
        Assert.Equal(Errno.EBUSY, vgem.TryAttachFence(target.Handle, VgemFenceUsage.Read, out _));

        Assert.True(fence.Signal());
        Assert.True(forRead.Wait(Soon));
        using var reader = vgem.AttachFence(target, VgemFenceUsage.Read);
        Assert.True(reader.Signal());
    }

    [Fact]
    public void Import_AsReader_BlocksOnlyWriters()
    {
        using var dev = OpenPrimary();
        using var source = dev.CreateDumb(16, 16, 32);
        using var target = dev.CreateDumb(16, 16, 32);
        using var sourceBuf = source.ExportDmaBuf();
        using var targetBuf = target.ExportDmaBuf();
        using var fence = Vgem.From(dev).AttachFence(source, VgemFenceUsage.Write);
        using (var file = DmaBufSyncFile.Export(sourceBuf, DmaBufAccess.Read))
            DmaBufSyncFile.Import(targetBuf, file, DmaBufAccess.Read);

        using var forRead = DmaBufSyncFile.Export(targetBuf, DmaBufAccess.Read);
        using var forWrite = DmaBufSyncFile.Export(targetBuf, DmaBufAccess.Write);
        Assert.True(forRead.IsSignaled);
        Assert.False(forWrite.IsSignaled);
        Assert.True(fence.Signal());
        Assert.True(forWrite.Wait(Soon));
    }

    [Fact]
    public void Import_OfAnArray_AddsEachFence_AndASignalledFileAddsNothingThatBlocks()
    {
        using var dev = OpenPrimary();
        using var source = dev.CreateDumb(16, 16, 32);
        using var target = dev.CreateDumb(16, 16, 32);
        using var sourceBuf = source.ExportDmaBuf();
        using var targetBuf = target.ExportDmaBuf();
        var vgem = Vgem.From(dev);
        using var a = vgem.AttachFence(source, VgemFenceUsage.Read);
        using var b = vgem.AttachFence(source, VgemFenceUsage.Read);
        using (var both = DmaBufSyncFile.Export(sourceBuf, DmaBufAccess.Write))
            DmaBufSyncFile.Import(targetBuf, both, DmaBufAccess.Write);
        using (var stub = DmaBufSyncFile.Export(targetBuf, DmaBufAccess.Read))
        {
            Assert.False(stub.IsSignaled); // the two imported fences are writers on target
            using var signalled = DmaBufSyncFile.Export(sourceBuf, DmaBufAccess.Read); // readers only on source: the stub
            DmaBufSyncFile.Import(targetBuf, signalled, DmaBufAccess.Write);
        }

        using var forRead = DmaBufSyncFile.Export(targetBuf, DmaBufAccess.Read);
        var info = forRead.Info();
        Assert.Equal(2, info.Fences.Count);                // unwrapped from the array, the signalled stub not counted
        Assert.Matches(ArraySyncFileName(), info.Name);
        Assert.True(a.Signal());
        Assert.True(b.Signal());
        Assert.True(forRead.Wait(Soon));
    }

    // ---- lifetime ----

    [Fact]
    public void ClosingTheVgemFile_SignalsItsPendingFences_WithoutError()
    {
        using var primary = OpenPrimary();
        using var buf = primary.CreateDumb(16, 16, 32);
        using var dmaBuf = buf.ExportDmaBuf();
        SyncFile file;
        using (var render = OpenRender())
        {
            using var imported = render.ImportPrime(dmaBuf);
            Assert.Equal(Errno.None, Attach(render, imported.Handle.Value, VGEM_FENCE_WRITE, out _));
            file = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Read);
            Assert.False(file.IsSignaled);
        }
        using (file)
        {
            Assert.True(file.Wait(Soon));
            Assert.Equal(1, file.Info().Status);
        }
    }

    [Fact]
    public void UnsignalledFence_ExpiresAfterTenSeconds_WithoutError_AndSignalThenReportsEtimedout()
    {
        using var dev = OpenPrimary();
        using var buf = dev.CreateDumb(16, 16, 32);
        using var dmaBuf = buf.ExportDmaBuf();
        using var fence = Vgem.From(dev).AttachFence(buf, VgemFenceUsage.Write);
        using var file = DmaBufSyncFile.Export(dmaBuf, DmaBufAccess.Read);
        Assert.False(file.Wait(SyncTimeout.After(TimeSpan.FromSeconds(8))));
        Assert.True(file.Wait(SyncTimeout.After(TimeSpan.FromSeconds(10))));
        var info = file.Info();
        Assert.Equal(1, info.Status);                           // a plain signal, not an error
        Assert.Equal(1, Assert.Single(info.Fences).Status);
        Assert.False(fence.Signal());                            // FENCE_SIGNAL answered ETIMEDOUT
        Assert.Equal(Errno.ENOENT, SignalRaw(dev, fence.Id));   // and consumed the fence all the same
        Assert.Throws<InvalidOperationException>(() => fence.Signal());
    }
}
