namespace Uapi.Backends.Loopback.DmaBuf;

/// <summary>
/// /dev/udmabuf (drivers/dma-buf/udmabuf.c): a dma-buf made of page-aligned regions of memfds sealed against shrinking
/// (and not against writing), checked in the kernel's order with its errno; the list limit (1024) and size limit
/// (64 MiB) are the module's defaults.
/// </summary>
public sealed class UdmabufNode(uint minor) : LoopbackNode("/dev/udmabuf", DeviceNodeKind.Udmabuf, StandardDevices.MiscMajor, minor)
{
    public const int ListLimit = 1024;
    public const ulong SizeLimit = 64UL << 20;

    internal override LoopbackFile? Open(LoopbackBackend backend, int flags, out Errno errno)
    {
        errno = Errno.None;
        return new UdmabufFile(backend, this);
    }
}
