using System.Runtime.InteropServices;
using Uapi.Backends;
using Uapi.Handles;
using Uapi.Host;
using Uapi.Memory;

namespace Uapi.DmaBuf;

/// <summary>
/// A memfd (memfd_create with MFD_ALLOW_SEALING, O_CLOEXEC): ordinary shared memory that udmabuf can turn into a
/// dma-buf once it is sealed against shrinking (<see cref="SealShrink"/>).
/// </summary>
public sealed unsafe class Memfd : IDisposable
{
    public const int F_SEAL_SEAL = HostOs.F_SEAL_SEAL, F_SEAL_SHRINK = HostOs.F_SEAL_SHRINK,
        F_SEAL_GROW = HostOs.F_SEAL_GROW, F_SEAL_WRITE = HostOs.F_SEAL_WRITE;

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
        int fd = HostOs.MemfdCreate(Backends.CString.Encode(name, buf), size, allowSealing: true, out var call);
        if (fd < 0) throw new UapiException((Errno)(-fd), call, call == "ftruncate" ? "memfd:" + name : name);
        var memfd = new Memfd((backend ?? Backend.Default).Adopt(fd, "memfd:" + name), size);
        if (sealShrink) memfd.AddSeals(F_SEAL_SHRINK);
        return memfd;
    }

    /// <summary>F_GET_SEALS.</summary>
    public int Seals
    {
        get
        {
            using var lease = Fd.Lease();
            int r = HostOs.GetSeals(lease.Fd);
            if (r < 0) throw new UapiException((Errno)(-r), "fcntl(F_GET_SEALS)", Fd.Path);
            return r;
        }
    }

    public void SealShrink() => AddSeals(F_SEAL_SHRINK);

    public void AddSeals(int seals)
    {
        using var lease = Fd.Lease();
        int r = HostOs.AddSeals(lease.Fd, seals);
        if (r != 0) throw new UapiException((Errno)(-r), "fcntl(F_ADD_SEALS)", Fd.Path);
    }

    /// <summary>mmap of the whole memfd (MAP_SHARED).</summary>
    public MappedMemory Map(MapAccess access = MapAccess.ReadWrite) => Fd.Backend.Map(Fd, 0, Size, access);

    public void Dispose() => Fd.Dispose();
}
