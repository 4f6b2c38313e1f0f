using Uapi.Raw;
using static Uapi.Raw.Interop.DmaHeap;
using Uapi.Host;

namespace Uapi.Backends.Loopback.DmaBuf;

/// <summary>An open /dev/dma_heap/NAME (dma_heap_fops): its one ioctl, ALLOC, makes a dma-buf.</summary>
internal sealed unsafe class DmaHeapFile(LoopbackBackend backend, DmaHeapNode heap) : LoopbackFile
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
        var file = new DmaBufFile(backend, buffer, (a->FdFlags & HostOs.O_CLOEXEC) != 0, (int)(a->FdFlags & HostOs.O_ACCMODE));
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
