using System.Runtime.InteropServices;
using Uapi.Backends;
using Uapi.Handles;
using Uapi.Memory;
using Uapi.Raw;
using static Uapi.Raw.Interop.Udmabuf;

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

/// <summary>A region of a memfd for udmabuf: page-aligned offset and size, inside the memfd.</summary>
public readonly record struct UdmabufRegion(Memfd Memfd, long Offset, long Size);

/// <summary>
/// /dev/udmabuf: dma-bufs over memfd pages (UDMABUF_CREATE for one region, UDMABUF_CREATE_LIST for several, joined in
/// order). The requirements are checked before the call: F_SEAL_SHRINK present and F_SEAL_WRITE absent, offset and
/// size page-aligned, size not 0, the region inside the memfd. The kernel's own limits (1024 regions, 64 MiB in all by
/// default) are module parameters and are left to it (EINVAL).
/// </summary>
public sealed class UdmabufDevice : IDisposable
{
    public const string DefaultPath = "/dev/udmabuf";

    private UdmabufDevice(UapiFd fd) => Fd = fd;

    public UapiFd Fd { get; }
    public Backend Backend => Fd.Backend;

    public static UdmabufDevice Open(Backend? backend = null) =>
        new((backend ?? Backend.Default).Open(DefaultPath, OpenFlags.ReadWrite));

    /// <summary>UDMABUF_CREATE: one region as a dma-buf (O_CLOEXEC).</summary>
    public DmaBuffer Create(Memfd memfd, long offset, long size)
    {
        ArgumentNullException.ThrowIfNull(memfd);
        Check(new UdmabufRegion(memfd, offset, size), 0);
        using var lease = memfd.Fd.Lease();
        int fd = UapiException.Check(Interop.Udmabuf.Create(Fd, lease.Fd, UDMABUF_FLAGS_CLOEXEC, (ulong)offset, (ulong)size), Fd, nameof(UDMABUF_CREATE));
        return new DmaBuffer(Backend.Adopt(fd, "dma-buf"));
    }

    /// <summary>UDMABUF_CREATE_LIST: the regions, in order, as one dma-buf (O_CLOEXEC).</summary>
    public DmaBuffer CreateList(ReadOnlySpan<UdmabufRegion> regions)
    {
        if (regions.IsEmpty) throw new ArgumentException("at least one region", nameof(regions));
        for (int i = 0; i < regions.Length; i++) Check(regions[i], i);
        var leased = new List<SafeHandle>(regions.Length);
        var items = new UdmabufCreateItem[regions.Length];
        try
        {
            for (int i = 0; i < regions.Length; i++)
            {
                var fd = regions[i].Memfd.Fd;
                bool added = false;
                fd.DangerousAddRef(ref added);
                leased.Add(fd);
                items[i] = new UdmabufCreateItem { Memfd = (uint)fd.DangerousGetHandle(), Offset = (ulong)regions[i].Offset, Size = (ulong)regions[i].Size };
            }
            int r = UapiException.Check(Interop.Udmabuf.CreateList(Fd, UDMABUF_FLAGS_CLOEXEC, items), Fd, nameof(UDMABUF_CREATE_LIST));
            return new DmaBuffer(Backend.Adopt(r, "dma-buf"));
        }
        finally
        {
            foreach (var h in leased) h.DangerousRelease();
        }
    }

    private static void Check(UdmabufRegion r, int index)
    {
        ArgumentNullException.ThrowIfNull(r.Memfd);
        long page = SystemMemory.PageSize;
        string which = $"region {index}";
        if (r.Size <= 0) throw new ArgumentOutOfRangeException(nameof(r), $"{which}: size must be positive");
        if (r.Offset < 0 || r.Offset % page != 0 || r.Size % page != 0)
            throw new ArgumentException($"{which}: offset {r.Offset} and size {r.Size} must be multiples of the page size ({page})");
        if (r.Offset + r.Size > r.Memfd.Size) throw new ArgumentException($"{which}: [{r.Offset}, {r.Offset + r.Size}) is past the memfd's {r.Memfd.Size} bytes");
        int seals = r.Memfd.Seals;
        if ((seals & Memfd.F_SEAL_SHRINK) == 0) throw new ArgumentException($"{which}: the memfd needs F_SEAL_SHRINK (Memfd.SealShrink) before udmabuf takes it");
        if ((seals & Memfd.F_SEAL_WRITE) != 0) throw new ArgumentException($"{which}: udmabuf refuses a memfd sealed with F_SEAL_WRITE");
    }

    public void Dispose() => Fd.Dispose();
}
