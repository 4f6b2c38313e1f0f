using System.Runtime.InteropServices;
using Uapi.Raw;
using static Tmds.Linux.LibC;
using Uapi.Host;

namespace Uapi.Backends.Loopback.DmaBuf;

/// <summary>An open /dev/udmabuf (udmabuf_fops): CREATE and CREATE_LIST make dma-bufs of memfd pages.</summary>
internal sealed unsafe class UdmabufFile(LoopbackBackend backend, UdmabufNode node) : LoopbackFile
{
    public override string Description => node.Path;

    internal override (uint Major, uint Minor)? DeviceNumber => (node.Major, node.Minor);

    internal override int Ioctl(uint request, void* arg)
    {
        switch (request)
        {
            case Interop.Udmabuf.UDMABUF_CREATE:
            {
                var c = (Interop.Udmabuf.UdmabufCreate*)arg;
                var item = new Interop.Udmabuf.UdmabufCreateItem { Memfd = c->Memfd, Offset = c->Offset, Size = c->Size };
                return Create(c->Flags, new ReadOnlySpan<Interop.Udmabuf.UdmabufCreateItem>(&item, 1));
            }
            case Interop.Udmabuf.UDMABUF_CREATE_LIST:
            {
                var h = (Interop.Udmabuf.UdmabufCreateList*)arg;
                if (h->Count > UdmabufNode.ListLimit) return -(int)Errno.EINVAL;
                return Create(h->Flags, new ReadOnlySpan<Interop.Udmabuf.UdmabufCreateItem>(h + 1, (int)h->Count));
            }
            default:
                return -(int)Errno.ENOTTY;
        }
    }

    /// <summary>udmabuf_create(): alignment and size limits first (EINVAL), then each memfd: not a shmem file is EBADFD, wrong seals or pages past its end EINVAL.</summary>
    private int Create(uint flags, ReadOnlySpan<Interop.Udmabuf.UdmabufCreateItem> list)
    {
        ulong total = 0;
        foreach (var it in list)
        {
            if (!HostOs.IsPageAligned(it.Offset) || !HostOs.IsPageAligned(it.Size)) return -(int)Errno.EINVAL;
            total += it.Size;
            if (total > UdmabufNode.SizeLimit) return -(int)Errno.EINVAL;
        }
        if (total == 0) return -(int)Errno.EINVAL;
        var segments = new List<DmaBufModel.Segment>();
        int Fail(int err)
        {
            foreach (var s in segments) close(s.Fd);
            return err;
        }
        foreach (var it in list)
        {
            int memfd = (int)it.Memfd;
            // fget() fails, or the file is not shmem (F_GET_SEALS answers EINVAL for anything else): EBADFD.
            if (backend.Lookup(memfd) is not null) return Fail(-(int)Errno.EBADFD);
            int seals = HostOs.GetSeals(memfd);
            if (seals < 0) return Fail(-(int)Errno.EBADFD);
            if ((seals & HostOs.F_SEAL_SHRINK) == 0 || (seals & HostOs.F_SEAL_WRITE) != 0) return Fail(-(int)Errno.EINVAL);
            long end = lseek(memfd, 0, HostOs.SEEK_END);
            if (end < 0 || it.Offset + it.Size > (ulong)end) return Fail(-(int)Errno.EINVAL);
            int own = Handles.FdOps.DupCloexec(memfd);
            if (own < 0) return Fail(-Marshal.GetLastPInvokeError());
            segments.Add(new DmaBufModel.Segment(own, (long)it.Offset, (long)it.Size));
        }
        var buffer = DmaBufModel.FromSegments(segments.ToArray(), total);
        var file = new DmaBufFile(backend, buffer, (flags & Interop.Udmabuf.UDMABUF_FLAGS_CLOEXEC) != 0);
        buffer.Release();
        // The ioctl's result is the new fd.
        return backend.Register(file);
    }
}
