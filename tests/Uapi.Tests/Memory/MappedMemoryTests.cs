using System.Runtime.InteropServices;
using Uapi.Backends;
using Uapi.Memory;
using static Tmds.Linux.LibC;

namespace Uapi.Tests;

public class MappedMemoryTests
{
    /// <summary>A page of real shared memory through the kernel backend's mmap (a memfd).</summary>
    private static unsafe MappedMemory MapMemfd(long length)
    {
        var name = "uapi-test\0"u8;
        int fd;
        fixed (byte* n = name) fd = memfd_create(n, MFD_CLOEXEC);
        Assert.True(fd >= 0, $"memfd_create: {(Errno)Marshal.GetLastPInvokeError()}");
        using var handle = Backend.Kernel.Adopt(fd, "memfd");
        Assert.Equal(0, ftruncate(fd, length));
        return Backend.Kernel.Map(handle, 0, length);
    }

    [Fact]
    public void ReadWrite32And64_RoundTrip()
    {
        using var m = MapMemfd(4096);
        m.Write32(8, 0xDEADBEEF);
        m.Write64(16, 0x0123456789ABCDEF);
        Assert.Equal(0xDEADBEEFu, m.Read32(8));
        Assert.Equal(0x0123456789ABCDEFUL, m.Read64(16));
        using var a = m.Access();
        Assert.Equal((byte)0xEF, a.Span[8]);
    }

    [Theory]
    [InlineData(4096L)]
    [InlineData(4093L)]
    [InlineData(-4L)]
    [InlineData(long.MaxValue - 2)]
    public void Read32_OutOfBounds_Throws(long offset)
    {
        using var m = MapMemfd(4096);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Read32(offset));
    }

    [Fact]
    public void Read64_PastEndOfSmallMapping_Throws()
    {
        using var m = MapMemfd(4096);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Read64(4092));
        Assert.Throws<ArgumentOutOfRangeException>(() => { using var a = m.Access(); a.Slice(4000, 97); });
    }

    [Fact]
    public void Read32_Misaligned_Throws()
    {
        using var m = MapMemfd(4096);
        Assert.Throws<ArgumentException>(() => m.Read32(2));
    }

    [Fact]
    public void Read_AfterDispose_ThrowsObjectDisposed()
    {
        var m = MapMemfd(4096);
        m.Dispose();
        Assert.Throws<ObjectDisposedException>(() => m.Read32(0));
        Assert.Throws<ObjectDisposedException>(() => m.Access());
    }

    [Fact]
    public async Task Dispose_WhileAnotherThreadReads_WaitsForTheReader()
    {
        var m = MapMemfd(4096);
        m.Write32(0, 7);
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        uint seen = 0;
        var ct = TestContext.Current.CancellationToken;
        var reader = Task.Run(() =>
        {
            using var a = m.Access();
            started.Set();
            release.Wait(ct);
            seen = a.Read32(0); // still mapped: Dispose only dropped its own reference
        }, ct);
        started.Wait(ct);
        m.Dispose();
        Assert.True(m.IsDisposed);
        release.Set();
        await reader;
        Assert.Equal(7u, seen);
    }

    [Fact]
    public void Rows_GivesPitchedView()
    {
        using var m = MapMemfd(4096);
        using var a = m.Access();
        var rows = a.Rows<uint>(0, height: 4, width: 3, pitchBytes: 64);
        rows[2, 1] = 0xAABBCCDD;
        Assert.Equal(0xAABBCCDDu, a.Read32(2 * 64 + 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => { using var b = m.Access(); b.Rows<uint>(0, height: 65, width: 16, pitchBytes: 64); });
    }
}
