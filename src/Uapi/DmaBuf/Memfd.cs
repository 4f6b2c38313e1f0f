using System.Runtime.InteropServices;
using Uapi.Backends;
using Uapi.Handles;
using Uapi.Memory;

namespace Uapi.DmaBuf;

/// <summary>
/// A memfd (memfd_create with MFD_ALLOW_SEALING, O_CLOEXEC): ordinary shared memory that udmabuf can turn into a
/// dma-buf once it is sealed against shrinking (<see cref="SealShrink"/>).
/// </summary>
public sealed unsafe class Memfd : IDisposable
{
    private const int F_ADD_SEALS = 1033, F_GET_SEALS = 1034;
    public const int F_SEAL_SEAL = 0x1, F_SEAL_SHRINK = 0x2, F_SEAL_GROW = 0x4, F_SEAL_WRITE = 0x8;

    private Memfd(UapiFd fd, long size)
    {
        Fd = fd;
        Size = size;
    }

    public UapiFd Fd { get; }
    public long Size { get; }

    /// <summary>A zero-filled memfd of <paramref name="size"/> bytes; <paramref name="sealShrink"/> adds F_SEAL_SHRINK, as udmabuf requires.</summary>
    public static Memfd Create(string name, long size, bool sealShrink = true, Backend? backend = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Span<byte> buf = stackalloc byte[256];
        int fd;
        fixed (byte* p = Backends.CString.Encode(name, buf)) fd = Tmds.Linux.LibC.memfd_create(p, Tmds.Linux.LibC.MFD_CLOEXEC | Tmds.Linux.LibC.MFD_ALLOW_SEALING);
        if (fd < 0) throw new UapiException((Errno)Marshal.GetLastPInvokeError(), "memfd_create", name);
        var memfd = new Memfd((backend ?? Backend.Default).Adopt(fd, "memfd:" + name), size);
        if (Tmds.Linux.LibC.ftruncate(fd, size) != 0)
        {
            var errno = (Errno)Marshal.GetLastPInvokeError();
            memfd.Dispose();
            throw new UapiException(errno, "ftruncate", "memfd:" + name);
        }
        if (sealShrink) memfd.AddSeals(F_SEAL_SHRINK);
        return memfd;
    }

    /// <summary>F_GET_SEALS.</summary>
    public int Seals
    {
        get
        {
            using var lease = Fd.Lease();
            int r = Tmds.Linux.LibC.fcntl(lease.Fd, F_GET_SEALS);
            if (r < 0) throw new UapiException((Errno)Marshal.GetLastPInvokeError(), "fcntl(F_GET_SEALS)", Fd.Path);
            return r;
        }
    }

    public void SealShrink() => AddSeals(F_SEAL_SHRINK);

    public void AddSeals(int seals)
    {
        using var lease = Fd.Lease();
        if (Tmds.Linux.LibC.fcntl(lease.Fd, F_ADD_SEALS, seals) != 0)
            throw new UapiException((Errno)Marshal.GetLastPInvokeError(), "fcntl(F_ADD_SEALS)", Fd.Path);
    }

    /// <summary>mmap of the whole memfd (MAP_SHARED).</summary>
    public MappedMemory Map(MapAccess access = MapAccess.ReadWrite) => Fd.Backend.Map(Fd, 0, Size, access);

    public void Dispose() => Fd.Dispose();
}
