using System.Runtime.InteropServices;
using Uapi.Raw;
using static Tmds.Linux.LibC;
using static Uapi.Raw.Interop.DmaHeap;
using Uapi.Host;

namespace Uapi.Backends.Loopback.DmaBuf;

/// <summary>
/// A dma-heap (drivers/dma-buf/dma-heap.c and heaps/): /dev/dma_heap/NAME, whose one ioctl allocates a dma-buf of
/// zeroed, memfd-backed pages. <paramref name="capacity"/> models a CMA area (the test kernel's "reserved" heap is
/// cma=64M); the system heap takes what the machine has.
/// </summary>
public sealed class DmaHeapNode(string name, uint major, uint minor, ulong? capacity = null, bool chargePidFd = false)
    : LoopbackNode("/dev/dma_heap/" + name, DeviceNodeKind.DmaHeap, major, minor)
{
    private long _used;

    public string Name { get; } = name;

    /// <summary>The heap knows the 2026 RFC's charge_pid_fd (FACTS §8.2): a 32-byte ALLOC charges a pidfd's task.</summary>
    public bool ChargePidFd { get; } = chargePidFd;

    /// <summary>The last task an allocation was charged to through charge_pid_fd (its pid), for tests; 0 if none.</summary>
    public int LastChargedPid { get; internal set; }

    internal ulong? Capacity { get; } = capacity;

    internal override LoopbackFile? Open(LoopbackBackend backend, int flags, out Errno errno)
    {
        errno = Errno.None;
        return new HeapFile(backend, this);
    }

    internal bool Reserve(ulong len)
    {
        if (Capacity is not { } cap) return true;
        long after = Interlocked.Add(ref _used, (long)len);
        if ((ulong)after <= cap) return true;
        Interlocked.Add(ref _used, -(long)len);
        return false;
    }

    internal void Unreserve(ulong len)
    {
        if (Capacity is not null) Interlocked.Add(ref _used, -(long)len);
    }

    private sealed unsafe class HeapFile(LoopbackBackend backend, DmaHeapNode heap) : LoopbackFile
    {
        public override string Description => heap.Path;

        internal override (uint Major, uint Minor)? DeviceNumber => (heap.Major, heap.Minor);

        // nonseekable_open(): llseek on the heap fd is ESPIPE.
        internal override long? Seek(long offset, int whence) => -(int)Errno.ESPIPE;

        /// <summary>
        /// dma_heap_ioctl(): the command is found by nr alone (nr past the table is EINVAL, whatever the type); the
        /// argument is copied in and out at the caller's size, and a tail the kernel's struct lacks is zero-filled going
        /// in and given back as it came going out.
        /// </summary>
        internal override int Ioctl(uint request, void* arg)
        {
            if (Ioc.Nr(request) > Ioc.Nr(DMA_HEAP_IOCTL_ALLOC)) return -(int)Errno.EINVAL; // past the one-entry table
            uint usize = Ioc.Size(request);
            uint dir = Ioc.Dir(request);
            uint inSize = (dir & Ioc.Write) != 0 ? usize : 0;
            uint outSize = (dir & Ioc.Read) != 0 ? usize : 0;
            uint ksize = Math.Max(Math.Max(inSize, outSize), (uint)sizeof(DmaHeapAllocationData));
            byte* k = stackalloc byte[(int)Math.Max(ksize, 32u)];
            new Span<byte>(k, (int)Math.Max(ksize, 32u)).Clear();
            if (inSize > 0) Buffer.MemoryCopy(arg, k, inSize, inSize);
            int r = Allocate((DmaHeapAllocationDataCharge*)k);
            if (r < 0) return r;
            if (outSize > 0) Buffer.MemoryCopy(k, arg, outSize, outSize);
            return 0;
        }

        /// <summary>dma_heap_ioctl_allocate(): fd must be 0, fd_flags within O_CLOEXEC|O_ACCMODE, no heap flags, PAGE_ALIGN(len) not 0.</summary>
        private int Allocate(DmaHeapAllocationDataCharge* a)
        {
            if (a->Fd != 0) return -(int)Errno.EINVAL;
            if ((a->FdFlags & ~DMA_HEAP_VALID_FD_FLAGS) != 0) return -(int)Errno.EINVAL;
            if ((a->HeapFlags & ~DMA_HEAP_VALID_HEAP_FLAGS) != 0) return -(int)Errno.EINVAL;
            ulong len = HostOs.PageAlign(a->Len);
            if (len == 0) return -(int)Errno.EINVAL;
            if (heap.ChargePidFd && a->ChargePidFd != 0)
            {
                // The RFC takes the pidfd's task: anything that is not a pidfd is EBADF, as pidfd_get_pid() answers.
                int pid = PidOfPidfd((int)a->ChargePidFd);
                if (pid <= 0) return -(int)Errno.EBADF;
                heap.LastChargedPid = pid;
            }
            // The kernel's system heap, asked for more than the machine has, allocates page by page until the OOM killer
            // steps in; the model refuses with the ENOMEM an allocation that loses that race gets.
            if (len > PhysicalMemory || (heap.Capacity is { } cap && len > cap)) return -(int)Errno.ENOMEM;
            if (!heap.Reserve(len)) return -(int)Errno.ENOMEM;
            var buffer = DmaBufModel.Allocate(heap.Name, len, out var errno);
            if (buffer is null) { heap.Unreserve(len); return -(int)errno; }
            buffer.OnFree = () => heap.Unreserve(len);
            var file = new DmaBufFileModel(backend, buffer, (a->FdFlags & HostOs.O_CLOEXEC) != 0, (int)(a->FdFlags & HostOs.O_ACCMODE));
            buffer.Release();
            int fd = backend.Register(file);
            if (fd < 0) return fd;
            a->Fd = (uint)fd;
            return 0;
        }

        private static ulong PhysicalMemory => HostOs.PhysicalBytes;

        /// <summary>The pid behind a pidfd (/proc/self/fdinfo "Pid:"), or 0 when the fd is not a pidfd.</summary>
        private static int PidOfPidfd(int fd)
        {
            Span<byte> buffer = stackalloc byte[128];
            if (HostOs.FdLink(fd, buffer).IndexOf("[pidfd]"u8) < 0) return 0;
            return (int)(HostOs.FdInfoField(fd, "Pid:") ?? 0);
        }
    }
}

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

    private sealed unsafe class UdmabufFile(LoopbackBackend backend, UdmabufNode node) : LoopbackFile
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
                    if (h->Count > ListLimit) return -(int)Errno.EINVAL;
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
                if (total > SizeLimit) return -(int)Errno.EINVAL;
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
            var file = new DmaBufFileModel(backend, buffer, (flags & Interop.Udmabuf.UDMABUF_FLAGS_CLOEXEC) != 0);
            buffer.Release();
            // The ioctl's result is the new fd.
            return backend.Register(file);
        }
    }
}
