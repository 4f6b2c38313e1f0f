using System.Net.Sockets;
using Uapi.Backends;
using Uapi.DmaBuf;
using Uapi.Drm;
using Uapi.Handles;
using Uapi.Memory;
using static Uapi.Raw.Interop.DmaBuf;

namespace Uapi.Conformance;

/// <summary>dma-buf files (drivers/dma-buf/dma-buf.c): SYNC, SET_NAME, llseek, mmap, poll, fd passing, PRIME.</summary>
public unsafe class DmaBufCases
{
    private static DmaBuffer NewBuffer(long size = 8192)
    {
        using var heap = DmaHeapCases.OpenHeap("system");
        return heap.Allocate(size);
    }

    // Only a dma-buf has "exp_name:" in its fdinfo (dma_buf_show_fdinfo); FromFd checks that, on every kernel.
    [Fact]
    public void FromFd_RefusesWhatIsNotADmaBuf_WithEinval()
    {
        var backend = Capabilities.Backend;
        int* p = stackalloc int[2];
        Assert.Equal(0, Tmds.Linux.LibC.pipe2(p, Tmds.Linux.LibC.O_CLOEXEC));
        using var readEnd = backend.Adopt(p[0], "pipe");
        using var writeEnd = backend.Adopt(p[1], "pipe");
        using var efd = Uapi.Async.EventFd.Create();
        using var memfd = Memfd.Create("not-a-dma-buf", 4096, backend: backend);
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.ReadWrite);
        foreach (System.Runtime.InteropServices.SafeHandle fd in new System.Runtime.InteropServices.SafeHandle[] { readEnd, writeEnd, efd.Handle, memfd.Fd, devNull })
        {
            var e = Assert.Throws<UapiException>(() => DmaBuffer.FromFd(fd, backend));
            Assert.Equal(Errno.EINVAL, e.Errno);
            Assert.False(fd.IsClosed); // the caller's fd is left alone
        }
    }

    [Fact]
    public void FromFd_TakesAPrimeExport_AndLeavesTheCallersFdOpen()
    {
        Capabilities.Require(Capabilities.Vgem);
        using var dev = DrmDevice.Open(Capabilities.FindPrimaryNode("vgem")!, Capabilities.Backend);
        using var gem = dev.CreateDumb(32, 32, 32);
        using var exported = DmaBuffer.FromGem(gem);
        // drm_gem_prime_export's exp_name is KBUILD_MODNAME of drm_prime.c: "drm", not the driver (6.1 and 6.12).
        Assert.Equal("drm", exported.ExporterName);
        using (var copy = DmaBuffer.FromFd(exported.Fd, Capabilities.Backend))
        {
            Assert.Equal(exported.Size, copy.Size);
            Assert.Equal("drm", copy.ExporterName);
        }
        using var again = DmaBuffer.FromFd(exported.Fd, Capabilities.Backend);
        Assert.Equal(exported.Size, again.Size);
    }

    /// <summary>Fill through one mapping, read through another, import into vgem, export back, compare bytes.</summary>
    internal static void RoundTrip(DmaBuffer buffer)
    {
        var pattern = new byte[buffer.Size];
        new Random(1234).NextBytes(pattern);
        using (var writer = buffer.Map())
        using (buffer.BeginCpuAccess(DmaBufAccess.Write))
            writer.Write(0, pattern);
        var seen = new byte[buffer.Size];
        using (var reader = buffer.Map(MapAccess.Read))
        using (buffer.BeginCpuAccess(DmaBufAccess.Read))
            reader.Read(0, seen);
        Assert.True(pattern.AsSpan().SequenceEqual(seen), "a second mapping does not show what the first wrote");

        Capabilities.Require(Capabilities.Vgem);
        using var vgem = DrmDevice.Open(Capabilities.FindRenderNode("vgem")!, Capabilities.Backend);
        using var gem = buffer.ImportInto(vgem);
        Assert.False(gem.Handle.IsNull);
        using var again = buffer.ImportInto(vgem);
        Assert.Equal(gem.Handle, again.Handle); // the same buffer on the same file is the same handle
        using var back = DmaBuffer.FromGem(gem);
        Assert.Equal(buffer.Size, back.Size);
        var viaVgem = new byte[back.Size];
        using (var m = back.Map(MapAccess.Read))
        using (back.BeginCpuAccess(DmaBufAccess.Read))
            m.Read(0, viaVgem);
        Assert.True(pattern.AsSpan().SequenceEqual(viaVgem), "the buffer exported back from vgem differs");
    }

    [Theory]
    [InlineData(0x0UL)]        // START with neither READ nor WRITE
    [InlineData(0x4UL)]        // END with neither
    [InlineData(0x8UL)]
    [InlineData(0x9UL)]
    [InlineData(0x10UL)]
    [InlineData(1UL << 32)]
    public void Sync_BadFlags_FailWithEinval(ulong flags)
    {
        using var b = NewBuffer();
        Assert.Equal(Errno.EINVAL, b.TrySync(flags));
    }

    [Theory]
    [InlineData(0x1UL)]
    [InlineData(0x2UL)]
    [InlineData(0x3UL)]
    [InlineData(0x5UL)]        // END without a START: no pairing is kept
    [InlineData(0x6UL)]
    [InlineData(0x7UL)]
    public void Sync_AnyDirection_StartOrEnd_InAnyOrder_Succeeds(ulong flags)
    {
        using var b = NewBuffer();
        Assert.Equal(Errno.None, b.TrySync(flags));
        Assert.Equal(Errno.None, b.TrySync(flags));
    }

    [Fact]
    public void CpuAccessScope_EndsEvenWhenTheBodyThrows()
    {
        using var b = NewBuffer();
        using var map = b.Map();
        void Body()
        {
            using (b.BeginCpuAccess(DmaBufAccess.ReadWrite))
            {
                map.Write32(0, 7);
                throw new InvalidOperationException("body failed");
            }
        }
        Assert.Throws<InvalidOperationException>(Body);
        using (b.BeginCpuAccess(DmaBufAccess.Read)) Assert.Equal(7u, map.Read32(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.BeginCpuAccess((DmaBufAccess)4));
    }

    [Fact]
    public void SetName_Upto31Bytes_LongerIsEinval_NullIsEfault()
    {
        using var b = NewBuffer();
        b.SetName("0123456789012345678901234567890");
        b.SetName("");
        Assert.Throws<ArgumentException>(() => b.SetName("01234567890123456789012345678901"));
        Assert.Equal(-(int)Errno.EINVAL, SetName(b.Fd, "01234567890123456789012345678901"u8));
        Assert.Equal(-(int)Errno.EFAULT, b.Backend.Ioctl(b.Fd, DMA_BUF_SET_NAME_B, null)); // a null name and the 'A' form: beyond the raw call
        var x = "x\0"u8.ToArray();
        fixed (byte* p = x) Assert.Equal(0, b.Backend.Ioctl(b.Fd, DMA_BUF_SET_NAME_A, p));
    }

    [Fact]
    public void Lseek_OnlyEndAndSetWithOffsetZero()
    {
        using var b = NewBuffer(4096);
        Assert.Equal(4096, b.Backend.Seek(b.Fd, 0, 2));
        Assert.Equal(0, b.Backend.Seek(b.Fd, 0, 0));
        Assert.Equal(-(int)Errno.EINVAL, b.Backend.Seek(b.Fd, 0, 1));
        Assert.Equal(-(int)Errno.EINVAL, b.Backend.Seek(b.Fd, 1, 0));
        Assert.Equal(-(int)Errno.EINVAL, b.Backend.Seek(b.Fd, 1, 2));
    }

    [Fact]
    public void Mmap_PastTheEnd_IsEinval()
    {
        using var b = NewBuffer(4096);
        Assert.Equal(Errno.EINVAL, Assert.Throws<UapiException>(() => b.Map(0, 8192)).Errno);
        Assert.Equal(Errno.EINVAL, Assert.Throws<UapiException>(() => b.Map(4096, 4096)).Errno);
    }

    [Fact]
    public void DmaBufIoctls_OnAnFdThatIsNotADmaBuf_AreEnotty()
    {
        Capabilities.Require(Capabilities.DmaHeapSystem);
        using var memfd = Memfd.Create("not-a-dma-buf", 4096, backend: Capabilities.Backend);
        Assert.Equal(-(int)Errno.ENOTTY, Raw.Interop.DmaBuf.Sync(memfd.Fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW));
        Assert.Equal(-(int)Errno.ENOTTY, SetName(memfd.Fd, "x"u8));
        var e = Assert.Throws<UapiException>(() => DmaBufSyncFile.Export(memfd.Fd, DmaBufAccess.Read));
        Assert.Equal(Errno.ENOTTY, e.Errno);
        Assert.Equal("DMA_BUF_IOCTL_EXPORT_SYNC_FILE", e.Operation);
        // An unknown dma-buf ioctl is ENOTTY too.
        using var b = NewBuffer();
        Assert.Equal(-(int)Errno.ENOTTY, b.Backend.Ioctl(b.Fd, Raw.Ioc.IOW<ulong>(DMA_BUF_BASE, 9), null));
    }

    [Fact]
    public void Poll_FreshBuffer_IsReadyForReadAndWrite_AndExportSyncFileIsSignalled()
    {
        using var b = NewBuffer();
        Assert.True(b.IsReady(DmaBufAccess.Read));
        Assert.True(b.IsReady(DmaBufAccess.Write));
        using var f = b.ExportSyncFile(DmaBufAccess.ReadWrite);
        Assert.True(f.IsSignaled);
    }

    [Fact]
    public void Poll_AHeapBufferImportedIntoVgem_WaitsForVgemsFence()
    {
        using var b = NewBuffer();
        Capabilities.Require(Capabilities.Vgem);
        using var vgem = DrmDevice.Open(Capabilities.FindRenderNode("vgem")!, Capabilities.Backend);
        using var gem = b.ImportInto(vgem);
        using var fence = Uapi.Drm.Drivers.Vgem.From(vgem).AttachFence(gem, Uapi.Drm.Drivers.VgemFenceUsage.Write);
        Assert.False(b.IsReady(DmaBufAccess.Read));
        Assert.False(b.WaitReady(DmaBufAccess.Write, TimeSpan.FromMilliseconds(20)));
        fence.Signal();
        Assert.True(b.WaitReady(DmaBufAccess.Read, TimeSpan.FromSeconds(5)));
        Assert.True(b.IsReady(DmaBufAccess.Write));
    }

    [Fact]
    public void FdPassing_DmaBufAndSyncFile_OverAUnixSocket_ArriveCloexec_AndMapTheSameMemory()
    {
        using var b = NewBuffer(4096);
        using (var m = b.Map()) m.Write32(0, 0xC0FFEE);
        using var fence = b.ExportSyncFile(DmaBufAccess.Read);
        using var a = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var endpoint = new UnixDomainSocketEndPoint("\0uapi-conformance-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));
        listener.Bind(endpoint);
        listener.Listen(1);
        a.Connect(endpoint);
        using var server = listener.Accept();
        UnixFdPassing.Send(a, "buf"u8, [b.Fd, fence.Fd]);
        var data = new byte[16];
        int n = UnixFdPassing.Receive(server, data, out var fds, Capabilities.Backend);
        Assert.Equal("buf", System.Text.Encoding.ASCII.GetString(data, 0, n));
        Assert.Equal(2, fds.Length);
        foreach (var fd in fds) Assert.Equal(1, Tmds.Linux.LibC.fcntl(fd.DangerousFd, 1 /* F_GETFD */));
        using var received = DmaBuffer.Own(fds[0]);
        using var receivedFence = new Uapi.Sync.SyncFile(fds[1]);
        Assert.Equal(4096, received.Size);
        using (received.BeginCpuAccess(DmaBufAccess.Read))
        using (var m = received.Map(MapAccess.Read))
            Assert.Equal(0xC0FFEEu, m.Read32(0));
        Assert.True(receivedFence.IsSignaled);
    }
}
