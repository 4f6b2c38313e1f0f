using System.Runtime.InteropServices;
using Uapi.Backends;
using Uapi.Handles;
using Uapi.Memory;
using Uapi.Raw;
using static Uapi.Raw.Interop.Udmabuf;

namespace Uapi.DmaBuf;

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
