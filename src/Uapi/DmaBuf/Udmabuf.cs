using System.Runtime.InteropServices;
using Uapi.Backends;
using Uapi.Handles;
using Uapi.Host;
using Uapi.Memory;
using static Uapi.Raw.Interop.Udmabuf;

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

/// <summary>A region of a memfd for udmabuf: page-aligned offset and size, inside the memfd.</summary>
public readonly record struct UdmabufRegion(Memfd Memfd, long Offset, long Size);

/// <summary>
/// /dev/udmabuf: dma-bufs over memfd pages (UDMABUF_CREATE for one region, UDMABUF_CREATE_LIST for several, joined in
/// order). The requirements are checked before the call: F_SEAL_SHRINK present and F_SEAL_WRITE absent, offset and
/// size page-aligned, size not 0, the region inside the memfd. The kernel's own limits (1024 regions, 64 MiB in all by
/// default) are module parameters and are left to it (EINVAL).
/// </summary>
public sealed unsafe class UdmabufDevice : IDisposable
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
        var c = new UdmabufCreate { Memfd = (uint)lease.Fd, Flags = UDMABUF_FLAGS_CLOEXEC, Offset = (ulong)offset, Size = (ulong)size };
        int fd = Backend.IoctlOrThrow(Fd, UDMABUF_CREATE, &c, nameof(UDMABUF_CREATE));
        return new DmaBuffer(Backend.Adopt(fd, "dma-buf"));
    }

    /// <summary>UDMABUF_CREATE_LIST: the regions, in order, as one dma-buf (O_CLOEXEC).</summary>
    public DmaBuffer CreateList(ReadOnlySpan<UdmabufRegion> regions)
    {
        if (regions.IsEmpty) throw new ArgumentException("at least one region", nameof(regions));
        for (int i = 0; i < regions.Length; i++) Check(regions[i], i);
        int bytes = sizeof(UdmabufCreateList) + regions.Length * sizeof(UdmabufCreateItem);
        var leased = new List<SafeHandle>(regions.Length);
        byte[] arg = new byte[bytes];
        try
        {
            fixed (byte* p = arg)
            {
                var head = (UdmabufCreateList*)p;
                head->Flags = UDMABUF_FLAGS_CLOEXEC;
                head->Count = (uint)regions.Length;
                var items = (UdmabufCreateItem*)(head + 1);
                for (int i = 0; i < regions.Length; i++)
                {
                    var fd = regions[i].Memfd.Fd;
                    bool added = false;
                    fd.DangerousAddRef(ref added);
                    leased.Add(fd);
                    items[i] = new UdmabufCreateItem { Memfd = (uint)fd.DangerousGetHandle(), Offset = (ulong)regions[i].Offset, Size = (ulong)regions[i].Size };
                }
                int r = Backend.IoctlOrThrow(Fd, UDMABUF_CREATE_LIST, p, nameof(UDMABUF_CREATE_LIST));
                return new DmaBuffer(Backend.Adopt(r, "dma-buf"));
            }
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
