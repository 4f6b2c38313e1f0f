using System.Runtime.InteropServices;
using Uapi.Backends;
using Uapi.Backends.Loopback;
using Uapi.Drm;
using Uapi.Handles;
using Uapi.Memory;
using Uapi.Raw;
using Uapi.TestShared;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Tests;

/// <summary>
/// The raw call layer: each call must put its arguments where the kernel reads them, zero what the kernel checks is
/// zero, and hand back what the kernel wrote, with errno as -errno and nothing thrown. A recording seam shows the bytes;
/// the loopback shows the round trip.
/// </summary>
public sealed unsafe class RawCallTests
{
    /// <summary>A seam that keeps each ioctl's request and argument bytes, and can write an answer back.</summary>
    internal sealed class Recorder : Backend
    {
        public uint Request;
        public byte[] Arg = [];
        public nint ArgPointer;
        public int Result;
        public Action<nint>? Answer;
        public Action? Seen;

        public UapiFd NewFd() => new(this, 1000, "recorder");

        public override string Name => "recorder";
        public override Version KernelVersion => StandardDeviceOptions.Linux612;
        protected override int IoctlCore(UapiFd fd, int fdNumber, uint request, void* arg)
        {
            Request = request;
            ArgPointer = (nint)arg;
            Arg = arg is null ? [] : new ReadOnlySpan<byte>(arg, (int)Ioc.Size(request)).ToArray();
            Answer?.Invoke((nint)arg);
            Seen?.Invoke();
            return Result;
        }

        public T Read<T>() where T : unmanaged => MemoryMarshal.Read<T>(Arg);

        internal override int Close(int fd, object? model) => 0;
        internal override UapiFd Duplicate(UapiFd fd) => throw new NotSupportedException();
        public override UapiFd Adopt(int fd, string description) => new(this, fd, description);
        public override IReadOnlyList<DeviceNode> EnumerateNodes() => [];
        protected override int OpenCore(string path, int flags, out object? model) => throw new NotSupportedException();
        protected override void* MapCore(UapiFd fd, int fdNumber, long offset, nuint length, MapAccess access, out Errno errno) => throw new NotSupportedException();
        public override (uint Major, uint Minor)? CharDevice(string path) => null;
        public override (uint Major, uint Minor)? CharDevice(UapiFd fd) => null;
        public override uint? CharMajor(string driverName) => null;
        public override SysfsCharDevice? DescribeCharDevice(uint major, uint minor) => null;
        public override IReadOnlyList<(uint Major, uint Minor)> EnumerateClass(string className) => [];
    }

    [Fact]
    public void SyncobjCreate_SendsTheFlags_AndReturnsTheHandleTheKernelWrote()
    {
        var rec = new Recorder { Answer = p => ((DrmSyncobjCreate*)p)->Handle = 7 };
        using var fd = rec.NewFd();
        Assert.Equal(0, SyncobjCreate(fd, DRM_SYNCOBJ_CREATE_SIGNALED, out uint handle));
        Assert.Equal(DRM_IOCTL_SYNCOBJ_CREATE, rec.Request);
        Assert.Equal(DRM_SYNCOBJ_CREATE_SIGNALED, rec.Read<DrmSyncobjCreate>().Flags);
        Assert.Equal(7u, handle);
    }

    [Fact]
    public void SyncobjHandleToFd_ZeroesThePad_SendsFdMinusOne_AndThePoint()
    {
        var rec = new Recorder { Answer = p => ((DrmSyncobjHandle*)p)->Fd = 42 };
        using var fd = rec.NewFd();
        uint flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE | DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE;
        Assert.Equal(0, SyncobjHandleToFd(fd, 5, flags, 9, out int outFd));
        var h = rec.Read<DrmSyncobjHandle>();
        Assert.Equal(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, rec.Request);
        Assert.Equal((5u, flags, -1, 0u, 9UL), (h.Handle, h.Flags, h.Fd, h.Pad, h.Point));
        Assert.Equal(42, outFd);
    }

    [Fact]
    public void SyncobjFdToHandle_SendsTheHandleIn_AndReadsItBack()
    {
        var rec = new Recorder { Answer = p => ((DrmSyncobjHandle*)p)->Handle = 11 };
        using var fd = rec.NewFd();
        uint handle = 3;
        Assert.Equal(0, SyncobjFdToHandle(fd, 17, DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE, 4, ref handle));
        var h = rec.Read<DrmSyncobjHandle>();
        Assert.Equal((3u, DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE, 17, 0u, 4UL), (h.Handle, h.Flags, h.Fd, h.Pad, h.Point));
        Assert.Equal(11u, handle);
    }

    [Fact]
    public void SyncobjTimelineWait_PointsAtTheSpans_CountsThem_AndZeroesThePad()
    {
        var rec = new Recorder { Answer = p => ((DrmSyncobjTimelineWait*)p)->FirstSignaled = 1 };
        using var fd = rec.NewFd();
        uint[] handles = [4, 5];
        ulong[] points = [6, 7];
        Assert.Equal(0, SyncobjTimelineWait(fd, handles, points, 123, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, out uint first, deadlineNsec: 456));
        var w = rec.Read<DrmSyncobjTimelineWait>();
        Assert.Equal(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, rec.Request);
        Assert.Equal(2u, w.CountHandles);
        Assert.Equal(5u, ((uint*)w.Handles)[1]);
        Assert.Equal(7UL, ((ulong*)w.Points)[1]);
        Assert.Equal((123L, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, 0u, 456UL), (w.TimeoutNsec, w.Flags, w.Pad, w.DeadlineNsec));
        Assert.Equal(1u, first);
    }

    [Fact]
    public void SyncobjWait_WithNoHandles_SendsANullArrayAndCountZero()
    {
        var rec = new Recorder();
        using var fd = rec.NewFd();
        SyncobjWait(fd, default, 0, 0, out _);
        var w = rec.Read<DrmSyncobjWait>();
        Assert.Equal((0UL, 0u, 0u, 0UL), (w.Handles, w.CountHandles, w.Pad, w.DeadlineNsec));
    }

    [Fact]
    public void SyncobjEventfd_PutsTheFdAfterThePoint()
    {
        var rec = new Recorder();
        using var fd = rec.NewFd();
        SyncobjEventfd(fd, 2, 3, 99, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE);
        var e = rec.Read<DrmSyncobjEventfd>();
        Assert.Equal((2u, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE, 3UL, 99, 0u), (e.Handle, e.Flags, e.Point, e.Fd, e.Pad));
    }

    [Fact]
    public void ArraysOfDifferentLengths_AreRefusedBeforeTheCall()
    {
        var rec = new Recorder();
        using var fd = rec.NewFd();
        Assert.Throws<ArgumentException>(() => SyncobjTimelineSignal(fd, [1, 2], [1]));
        Assert.Throws<ArgumentException>(() => Interop.Syncobj.Wait(fd, [1], [], 0, 0, out _));
        Assert.Equal(0u, rec.Request);
    }

    [Fact]
    public void DevSyncobjReset_WithoutPoints_SendsANullPointsArray()
    {
        var rec = new Recorder();
        using var fd = rec.NewFd();
        Interop.Syncobj.Reset(fd, [8]);
        var a = rec.Read<Interop.Syncobj.SyncobjArrayArgs>();
        Assert.Equal(Interop.Syncobj.SYNCOBJ_IOC_RESET, rec.Request);
        Assert.Equal((0UL, 1u, 0u), (a.Points, a.Count, a.Flags));
        Assert.Equal(8, *(int*)a.Fds);
    }

    [Fact]
    public void Errno_IsReturnedAsMinusErrno_NeverThrown()
    {
        var rec = new Recorder { Result = -(int)Errno.EINVAL };
        using var fd = rec.NewFd();
        Assert.Equal(-(int)Errno.EINVAL, SyncobjDestroy(fd, 1));
        Assert.Equal(-(int)Errno.EINVAL, Interop.Vfio.GroupGetStatus(fd, out _));
    }

    [Fact]
    public void VfioGroupGetStatus_SetsArgsz()
    {
        uint argsz = 0; // _IO: the number carries no size, so the struct is read during the call
        var rec = new Recorder
        {
            Answer = p =>
            {
                argsz = ((Interop.Vfio.VfioGroupStatus*)p)->Argsz;
                ((Interop.Vfio.VfioGroupStatus*)p)->Flags = Interop.Vfio.VFIO_GROUP_FLAGS_VIABLE;
            },
        };
        using var fd = rec.NewFd();
        Assert.Equal(0, Interop.Vfio.GroupGetStatus(fd, out uint flags));
        Assert.Equal(Interop.Vfio.VFIO_GROUP_GET_STATUS, rec.Request);
        Assert.Equal((uint)sizeof(Interop.Vfio.VfioGroupStatus), argsz);
        Assert.Equal(Interop.Vfio.VFIO_GROUP_FLAGS_VIABLE, flags);
    }

    [Fact]
    public void VfioCheckExtension_PassesTheNumberAsTheArgumentItself()
    {
        var rec = new Recorder { Result = 1 };
        using var fd = rec.NewFd();
        Assert.Equal(1, Interop.Vfio.CheckExtension(fd, Interop.Vfio.VFIO_TYPE1v2_IOMMU));
        Assert.Equal((nint)Interop.Vfio.VFIO_TYPE1v2_IOMMU, rec.ArgPointer);
    }

    [Fact]
    public void DmaHeapAlloc_SendsFdZero_AndTheHeapFlags()
    {
        var rec = new Recorder { Answer = p => ((Interop.DmaHeap.DmaHeapAllocationData*)p)->Fd = 33 };
        using var fd = rec.NewFd();
        Assert.Equal(0, Interop.DmaHeap.Alloc(fd, 8192, 0x80002, 0, out int dmaBuf));
        var a = rec.Read<Interop.DmaHeap.DmaHeapAllocationData>();
        Assert.Equal((8192UL, 0u, 0x80002u, 0UL), (a.Len, a.Fd, a.FdFlags, a.HeapFlags));
        Assert.Equal(33, dmaBuf);
    }

    [Fact]
    public void UdmabufCreateList_LaysTheItemsRightAfterTheHeader()
    {
        byte[] seen = [];
        var rec = new Recorder { Answer = p => seen = new ReadOnlySpan<byte>((void*)p, 8 + 2 * 24).ToArray(), Result = 50 };
        using var fd = rec.NewFd();
        Interop.Udmabuf.UdmabufCreateItem[] items =
        [
            new() { Memfd = 3, Offset = 0, Size = 4096 },
            new() { Memfd = 4, Offset = 4096, Size = 8192 },
        ];
        Assert.Equal(50, Interop.Udmabuf.CreateList(fd, Interop.Udmabuf.UDMABUF_FLAGS_CLOEXEC, items));
        Assert.Equal(Interop.Udmabuf.UDMABUF_CREATE_LIST, rec.Request);
        Assert.Equal((Interop.Udmabuf.UDMABUF_FLAGS_CLOEXEC, 2u), (BitConverter.ToUInt32(seen, 0), BitConverter.ToUInt32(seen, 4)));
        var second = MemoryMarshal.Read<Interop.Udmabuf.UdmabufCreateItem>(seen.AsSpan(8 + 24));
        Assert.Equal((4u, 4096UL, 8192UL), (second.Memfd, second.Offset, second.Size));
    }

    [Fact]
    public void SyncMerge_CutsTheNameTo31Bytes_AndZeroesFlagsAndPad()
    {
        var rec = new Recorder();
        using var fd = rec.NewFd();
        Interop.SyncFile.Merge(fd, "0123456789012345678901234567890123456789"u8, 5, out _);
        var d = rec.Read<Interop.SyncFile.SyncMergeData>();
        Assert.Equal((5, -1, 0u, 0u), (d.Fd2, d.Fence, d.Flags, d.Pad));
        Assert.Equal((byte)'0', d.Name[30]);
        Assert.Equal(0, d.Name[31]);
    }

    [Fact]
    public void DmaBufSetName_AddsTheNul()
    {
        byte[] seen = [];
        var rec = new Recorder { Answer = p => seen = new ReadOnlySpan<byte>((void*)p, 3).ToArray() };
        using var fd = rec.NewFd();
        Interop.DmaBuf.SetName(fd, "ab"u8);
        Assert.Equal(Interop.DmaBuf.DMA_BUF_SET_NAME_B, rec.Request);
        Assert.Equal("ab\0"u8.ToArray(), seen);
    }

    [Fact]
    public void ModeGetResources_OffersEachSpanAsItsCount()
    {
        var rec = new Recorder();
        using var fd = rec.NewFd();
        Span<uint> crtcs = stackalloc uint[3];
        ModeGetResources(fd, default, crtcs, default, default, out _);
        var r = rec.Read<DrmModeCardRes>();
        Assert.Equal((0u, 3u, 0u, 0u), (r.CountFbs, r.CountCrtcs, r.CountConnectors, r.CountEncoders));
        Assert.Equal(0UL, r.FbIdPtr);
        Assert.NotEqual(0UL, r.CrtcIdPtr);
    }

    // ---- against the loopback ----

    [Fact]
    public void OnTheLoopback_TimelineSignalThenQuery_RoundTrips_WithoutTheObjectModel()
    {
        using var dev = DrmDevice.Open("/dev/dri/renderD128", LoopbackBackend.Standard());
        Assert.Equal(0, SyncobjCreate(dev.Fd, 0, out uint handle));
        ulong point = 5;
        Assert.Equal(0, SyncobjTimelineSignal(dev.Fd, new ReadOnlySpan<uint>(in handle), new ReadOnlySpan<ulong>(in point)));
        ulong seen = 0;
        Assert.Equal(0, SyncobjQuery(dev.Fd, new ReadOnlySpan<uint>(in handle), new Span<ulong>(ref seen), 0));
        Assert.Equal(5UL, seen);
        Assert.Equal(0, SyncobjWait(dev.Fd, new ReadOnlySpan<uint>(in handle), 0, 0, out _)); // point 0 reads the last fence
        Assert.Equal(0, SyncobjDestroy(dev.Fd, handle));
        Assert.Equal(-(int)Errno.EINVAL, SyncobjDestroy(dev.Fd, handle));
    }

    [Fact]
    public void OnTheLoopback_SignalQueryAndWait_AllocateNothing()
    {
        using var dev = DrmDevice.Open("/dev/dri/renderD128", LoopbackBackend.Standard());
        var fd = dev.Fd;
        Assert.Equal(0, SyncobjCreate(fd, 0, out uint handle));
        ulong next = 1;
        // What the loopback's model allocates (a fence per signalled point) is the kernel's share, not ours.
        var results = new Dictionary<string, double>
        {
            ["SyncobjTimelineSignal"] = SyncLoad.BytesPerCall(() =>
            {
                ulong point = next++;
                Check(SyncobjTimelineSignal(fd, new ReadOnlySpan<uint>(in handle), new ReadOnlySpan<ulong>(in point)));
            }),
            ["SyncobjQuery"] = SyncLoad.BytesPerCall(() =>
            {
                ulong seen = 0;
                Check(SyncobjQuery(fd, new ReadOnlySpan<uint>(in handle), new Span<ulong>(ref seen), 0));
            }),
            ["SyncobjTimelineWait"] = SyncLoad.BytesPerCall(() =>
            {
                ulong point = 1;
                Check(SyncobjTimelineWait(fd, new ReadOnlySpan<uint>(in handle), new ReadOnlySpan<ulong>(in point), 0, 0, out _));
            }),
            ["GetCap"] = SyncLoad.BytesPerCall(() => Check(GetCap(fd, DRM_CAP_SYNCOBJ_TIMELINE, out _))),
        };
        Assert.All(results, kv => Assert.True(kv.Value == 0, $"{kv.Key} allocates {kv.Value} bytes per call"));
        SyncobjDestroy(fd, handle);

        static void Check(int r)
        {
            if (r != 0) throw new InvalidOperationException("raw call failed: " + r);
        }
    }
}
