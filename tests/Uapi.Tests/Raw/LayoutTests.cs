using Uapi.Raw;

namespace Uapi.Tests;

// Layout check (DESIGN.md "Layout check"): native/layout/layout.c, compiled against two header sets, prints every
// struct's size and field offsets and every ioctl number and constant as JSON: the installed headers
// (linux-libc-dev and libdrm-dev, 6.1-era) and Linux 6.12's own `make headers_install` (drm/, vgem, panthor).
// These tests find every struct and constant nested in Interop.* by reflection and compare them with each set.
// A struct is checked exactly against the newest set that has it at its full size; an older set's struct must be
// a prefix of it. Only what no header set has yet (the RFCs, fields added after 6.12) is checked against
// FactSheetOnly below, whose values come from ../shared/uapi/FACTS.md. A C# struct that is in none fails, so
// each new binding has to bring its layout with it (a FIELD line in layout.c, or a row in the table).
public sealed class LayoutTests(ITestOutputHelper output)
{
    public static TheoryData<string> HeaderSets => [.. CLayout.HeaderSets];

    [Theory]
    [MemberData(nameof(HeaderSets))]
    public void Structs_MatchTheHeaders_OrTheFactSheet(string headers) => AssertNone(LayoutComparison.For(headers).StructFailures, "struct layout");

    [Theory]
    [MemberData(nameof(HeaderSets))]
    public void IoctlNumbers_MatchTheHeaders_OrTheFactSheet(string headers) => AssertNone(LayoutComparison.For(headers).IoctlFailures, "ioctl number");

    [Theory]
    [MemberData(nameof(HeaderSets))]
    public void Constants_MatchTheHeaders_OrTheFactSheet(string headers) => AssertNone(LayoutComparison.For(headers).ConstantFailures, "constant");

    [Theory]
    [MemberData(nameof(HeaderSets))]
    public void FactSheetTable_IsConsistentWithTheHeaders(string headers) => AssertNone(LayoutComparison.For(headers).TableFailures, "FactSheetOnly");

    [Theory]
    [MemberData(nameof(HeaderSets))]
    public void ComparedSomething(string headers)
    {
        var c = LayoutComparison.For(headers);
        output.WriteLine($"{headers}: {c.Layout.Source} ({c.Layout.HeaderInfo})");
        output.WriteLine($"C side: {c.Layout.Structs.Count} structs, {c.Layout.Constants.Count} constants ({c.Layout.Ioctls.Count} ioctls)");
        output.WriteLine($"C# side: {c.CsStructCount} structs, {c.CsConstantCount} constants found under Interop");
        output.WriteLine($"verified against these headers: {c.StructsVsHeaders} structs ({c.StructsGrown} of them grown since: the header's is a prefix), " +
                         $"{c.FieldsCompared} fields, {c.IoctlsCompared} ioctl numbers, {c.ConstantsCompared} other constants; " +
                         $"{c.StructsVsTable} structs against {(c.IsNewest ? "the fact sheet" : "newer headers or the fact sheet")}");
        foreach (var note in c.Notes)
            output.WriteLine("note: " + note);
        if (c.Unverified.Count > 0)
            output.WriteLine($"not in the headers nor in the table (unchecked): {string.Join(", ", c.Unverified)}");

        Assert.True(c.StructsVsHeaders > 0, "no C# struct was compared with the headers");
        Assert.True(c.FieldsCompared > 0, "no field offset was compared");
        Assert.True(c.IoctlsCompared > 0, "no ioctl number was compared");
        Assert.True(c.ConstantsCompared > 0, "no constant was compared");
    }

    /// <summary>6.12's headers have what the 6.1-era ones lacked: the fact sheet keeps only what neither has.</summary>
    [Fact]
    public void Linux612Headers_CoverWhatTheInstalledOnesLacked()
    {
        var installed = LayoutComparison.For(CLayout.Installed);
        var newest = LayoutComparison.For(CLayout.Linux612);
        Assert.True(newest.StructsVsHeaders > installed.StructsVsHeaders - installed.StructsGrown,
            $"6.12 verified {newest.StructsVsHeaders} structs exactly, the installed headers {installed.StructsVsHeaders - installed.StructsGrown}");
        foreach (var name in new[] { "drm_syncobj_eventfd", "drm_vgem_fence_attach", "sync_set_deadline", "drm_syncobj_wait" })
            Assert.True(newest.Layout.Structs.ContainsKey(name), $"6.12's headers lack {name}");
    }

    private const uint DrmBase = Interop.Drm.DRM_IOCTL_BASE;

    /// <summary>(macro, value in FACTS.md, recomputed from the C# struct with Ioc, the bound constant)</summary>
    public static TheoryData<string, uint, uint, uint> DrmIoctls => new()
    {
        { "DRM_IOCTL_VERSION", 0xC0406400, Ioc.IOWR<Interop.Drm.DrmVersion>(DrmBase, 0x00), Interop.Drm.DRM_IOCTL_VERSION },
        { "DRM_IOCTL_GET_CAP", 0xC010640C, Ioc.IOWR<Interop.Drm.DrmGetCap>(DrmBase, 0x0C), Interop.Drm.DRM_IOCTL_GET_CAP },
        { "DRM_IOCTL_SET_CLIENT_CAP", 0x4010640D, Ioc.IOW<Interop.Drm.DrmSetClientCap>(DrmBase, 0x0D), Interop.Drm.DRM_IOCTL_SET_CLIENT_CAP },
        { "DRM_IOCTL_GEM_CLOSE", 0x40086409, Ioc.IOW<Interop.Drm.DrmGemClose>(DrmBase, 0x09), Interop.Drm.DRM_IOCTL_GEM_CLOSE },
        { "DRM_IOCTL_GEM_FLINK", 0xC008640A, Ioc.IOWR<Interop.Drm.DrmGemFlink>(DrmBase, 0x0A), Interop.Drm.DRM_IOCTL_GEM_FLINK },
        { "DRM_IOCTL_GEM_OPEN", 0xC010640B, Ioc.IOWR<Interop.Drm.DrmGemOpen>(DrmBase, 0x0B), Interop.Drm.DRM_IOCTL_GEM_OPEN },
        { "DRM_IOCTL_SET_MASTER", 0x0000641E, Ioc.IO(DrmBase, 0x1E), Interop.Drm.DRM_IOCTL_SET_MASTER },
        { "DRM_IOCTL_DROP_MASTER", 0x0000641F, Ioc.IO(DrmBase, 0x1F), Interop.Drm.DRM_IOCTL_DROP_MASTER },
        { "DRM_IOCTL_PRIME_HANDLE_TO_FD", 0xC00C642D, Ioc.IOWR<Interop.Drm.DrmPrimeHandle>(DrmBase, 0x2D), Interop.Drm.DRM_IOCTL_PRIME_HANDLE_TO_FD },
        { "DRM_IOCTL_PRIME_FD_TO_HANDLE", 0xC00C642E, Ioc.IOWR<Interop.Drm.DrmPrimeHandle>(DrmBase, 0x2E), Interop.Drm.DRM_IOCTL_PRIME_FD_TO_HANDLE },
        { "DRM_IOCTL_SYNCOBJ_CREATE", 0xC00864BF, Ioc.IOWR<Interop.Drm.DrmSyncobjCreate>(DrmBase, 0xBF), Interop.Drm.DRM_IOCTL_SYNCOBJ_CREATE },
        { "DRM_IOCTL_SYNCOBJ_DESTROY", 0xC00864C0, Ioc.IOWR<Interop.Drm.DrmSyncobjDestroy>(DrmBase, 0xC0), Interop.Drm.DRM_IOCTL_SYNCOBJ_DESTROY },
        { "DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD", 0xC01864C1, Ioc.IOWR<Interop.Drm.DrmSyncobjHandle>(DrmBase, 0xC1), Interop.Drm.DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD },
        { "DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE", 0xC01864C2, Ioc.IOWR<Interop.Drm.DrmSyncobjHandle>(DrmBase, 0xC2), Interop.Drm.DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE },
        { "DRM_IOCTL_SYNCOBJ_WAIT", 0xC02864C3, Ioc.IOWR<Interop.Drm.DrmSyncobjWait>(DrmBase, 0xC3), Interop.Drm.DRM_IOCTL_SYNCOBJ_WAIT },
        { "DRM_IOCTL_SYNCOBJ_RESET", 0xC01064C4, Ioc.IOWR<Interop.Drm.DrmSyncobjArray>(DrmBase, 0xC4), Interop.Drm.DRM_IOCTL_SYNCOBJ_RESET },
        { "DRM_IOCTL_SYNCOBJ_SIGNAL", 0xC01064C5, Ioc.IOWR<Interop.Drm.DrmSyncobjArray>(DrmBase, 0xC5), Interop.Drm.DRM_IOCTL_SYNCOBJ_SIGNAL },
        { "DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT", 0xC03064CA, Ioc.IOWR<Interop.Drm.DrmSyncobjTimelineWait>(DrmBase, 0xCA), Interop.Drm.DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT },
        { "DRM_IOCTL_SYNCOBJ_QUERY", 0xC01864CB, Ioc.IOWR<Interop.Drm.DrmSyncobjTimelineArray>(DrmBase, 0xCB), Interop.Drm.DRM_IOCTL_SYNCOBJ_QUERY },
        { "DRM_IOCTL_SYNCOBJ_TRANSFER", 0xC02064CC, Ioc.IOWR<Interop.Drm.DrmSyncobjTransfer>(DrmBase, 0xCC), Interop.Drm.DRM_IOCTL_SYNCOBJ_TRANSFER },
        { "DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL", 0xC01864CD, Ioc.IOWR<Interop.Drm.DrmSyncobjTimelineArray>(DrmBase, 0xCD), Interop.Drm.DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL },
        { "DRM_IOCTL_SYNCOBJ_EVENTFD", 0xC01864CF, Ioc.IOWR<Interop.Drm.DrmSyncobjEventfd>(DrmBase, 0xCF), Interop.Drm.DRM_IOCTL_SYNCOBJ_EVENTFD },
    };

    [Theory]
    [MemberData(nameof(DrmIoctls))]
    public void DrmIoctl_RecomputedFromItsStruct(string macro, uint facts, uint recomputed, uint bound)
    {
        Assert.True(recomputed == bound, $"{macro}: bound 0x{bound:X8}, Ioc recomputes 0x{recomputed:X8} from the C# struct");
        Assert.True(facts == bound, $"{macro}: bound 0x{bound:X8}, FACTS.md says 0x{facts:X8}");
    }

    private const uint SyncobjMagic = 0xCD;

    /// <summary>/dev/syncobj RFC, include/uapi/linux/syncobj.h (FACTS §7): (macro, value in FACTS.md, recomputed from the C# struct, the bound constant)</summary>
    public static TheoryData<string, uint, uint, uint> SyncobjDevIoctls => new()
    {
        { "SYNCOBJ_IOC_CREATE", 0xC008CD00, Ioc.IOWR<Interop.Syncobj.SyncobjCreateArgs>(SyncobjMagic, 0), Interop.Syncobj.SYNCOBJ_IOC_CREATE },
        { "SYNCOBJ_IOC_WAIT", 0xC030CD01, Ioc.IOWR<Interop.Syncobj.SyncobjWaitArgs>(SyncobjMagic, 1), Interop.Syncobj.SYNCOBJ_IOC_WAIT },
        { "SYNCOBJ_IOC_RESET", 0x4018CD02, Ioc.IOW<Interop.Syncobj.SyncobjArrayArgs>(SyncobjMagic, 2), Interop.Syncobj.SYNCOBJ_IOC_RESET },
        { "SYNCOBJ_IOC_SIGNAL", 0x4018CD03, Ioc.IOW<Interop.Syncobj.SyncobjArrayArgs>(SyncobjMagic, 3), Interop.Syncobj.SYNCOBJ_IOC_SIGNAL },
        { "SYNCOBJ_IOC_QUERY", 0x4018CD04, Ioc.IOW<Interop.Syncobj.SyncobjArrayArgs>(SyncobjMagic, 4), Interop.Syncobj.SYNCOBJ_IOC_QUERY },
        { "SYNCOBJ_IOC_TRANSFER", 0x4020CD05, Ioc.IOW<Interop.Syncobj.SyncobjTransferArgs>(SyncobjMagic, 5), Interop.Syncobj.SYNCOBJ_IOC_TRANSFER },
        { "SYNCOBJ_IOC_EVENTFD", 0x4018CD06, Ioc.IOW<Interop.Syncobj.SyncobjEventfdArgs>(SyncobjMagic, 6), Interop.Syncobj.SYNCOBJ_IOC_EVENTFD },
        { "SYNCOBJ_IOC_EXPORT_SYNC_FILE", 0xC010CD07, Ioc.IOWR<Interop.Syncobj.SyncobjSyncFileArgs>(SyncobjMagic, 7), Interop.Syncobj.SYNCOBJ_IOC_EXPORT_SYNC_FILE },
        { "SYNCOBJ_IOC_IMPORT_SYNC_FILE", 0x4010CD08, Ioc.IOW<Interop.Syncobj.SyncobjSyncFileArgs>(SyncobjMagic, 8), Interop.Syncobj.SYNCOBJ_IOC_IMPORT_SYNC_FILE },
    };

    [Theory]
    [MemberData(nameof(SyncobjDevIoctls))]
    public void SyncobjDevIoctl_RecomputedFromItsStruct(string macro, uint facts, uint recomputed, uint bound)
    {
        Assert.True(recomputed == bound, $"{macro}: bound 0x{bound:X8}, Ioc recomputes 0x{recomputed:X8} from the C# struct");
        Assert.True(facts == bound, $"{macro}: bound 0x{bound:X8}, FACTS.md says 0x{facts:X8}");
    }

    [Fact]
    public void SyncobjDevConstants_EqualTheirDrmCounterparts()
    {
        Assert.Equal(Interop.Drm.DRM_SYNCOBJ_CREATE_SIGNALED, Interop.Syncobj.SYNCOBJ_CREATE_SIGNALED);
        Assert.Equal(Interop.Drm.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, Interop.Syncobj.SYNCOBJ_WAIT_FLAGS_WAIT_ALL);
        Assert.Equal(Interop.Drm.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, Interop.Syncobj.SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT);
        Assert.Equal(Interop.Drm.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE, Interop.Syncobj.SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE);
        Assert.Equal(Interop.Drm.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE, Interop.Syncobj.SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE);
        Assert.Equal(Interop.Drm.DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED, Interop.Syncobj.SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED);
    }

    /// <summary>virtgpu_drm.h (FACTS §5.2): driver numbers, DRM_COMMAND_BASE + n, built with DrmDriverIoctl as a driver package would.</summary>
    public static TheoryData<string, uint, uint, uint> VirtgpuIoctls => new()
    {
        { "DRM_IOCTL_VIRTGPU_MAP", 0xC0106441, Uapi.Drm.DrmDriverIoctl.IOWR<Interop.Virtgpu.DrmVirtgpuMap>(Interop.Virtgpu.DRM_VIRTGPU_MAP), Interop.Virtgpu.DRM_IOCTL_VIRTGPU_MAP },
        { "DRM_IOCTL_VIRTGPU_EXECBUFFER", 0xC0406442, Uapi.Drm.DrmDriverIoctl.IOWR<Interop.Virtgpu.DrmVirtgpuExecbuffer>(Interop.Virtgpu.DRM_VIRTGPU_EXECBUFFER), Interop.Virtgpu.DRM_IOCTL_VIRTGPU_EXECBUFFER },
        { "DRM_IOCTL_VIRTGPU_GETPARAM", 0xC0106443, Uapi.Drm.DrmDriverIoctl.IOWR<Interop.Virtgpu.DrmVirtgpuGetparam>(Interop.Virtgpu.DRM_VIRTGPU_GETPARAM), Interop.Virtgpu.DRM_IOCTL_VIRTGPU_GETPARAM },
        { "DRM_IOCTL_VIRTGPU_RESOURCE_CREATE", 0xC0386444, Uapi.Drm.DrmDriverIoctl.IOWR<Interop.Virtgpu.DrmVirtgpuResourceCreate>(Interop.Virtgpu.DRM_VIRTGPU_RESOURCE_CREATE), Interop.Virtgpu.DRM_IOCTL_VIRTGPU_RESOURCE_CREATE },
        { "DRM_IOCTL_VIRTGPU_WAIT", 0xC0086448, Uapi.Drm.DrmDriverIoctl.IOWR<Interop.Virtgpu.DrmVirtgpu3dWait>(Interop.Virtgpu.DRM_VIRTGPU_WAIT), Interop.Virtgpu.DRM_IOCTL_VIRTGPU_WAIT },
        { "DRM_IOCTL_MODE_GETRESOURCES", 0xC04064A0, Ioc.IOWR<Interop.Drm.DrmModeCardRes>(DrmBase, 0xA0), Interop.Drm.DRM_IOCTL_MODE_GETRESOURCES },
    };

    [Theory]
    [MemberData(nameof(VirtgpuIoctls))]
    public void VirtgpuAndKmsIoctl_RecomputedFromItsStruct(string macro, uint facts, uint recomputed, uint bound)
    {
        Assert.True(recomputed == bound, $"{macro}: bound 0x{bound:X8}, recomputed 0x{recomputed:X8} from the C# struct");
        Assert.True(facts == bound, $"{macro}: bound 0x{bound:X8}, FACTS.md says 0x{facts:X8}");
    }

    /// <summary>dma-buf.h (FACTS §3.2). SET_NAME_A/B carry a pointer, not a struct: their size bits are a u32's and a u64's.</summary>
    public static TheoryData<string, uint, uint, uint> DmaBufIoctls => new()
    {
        { "DMA_BUF_IOCTL_SYNC", 0x40086200, Ioc.IOW<Interop.DmaBuf.DmaBufSync>(Interop.DmaBuf.DMA_BUF_BASE, 0), Interop.DmaBuf.DMA_BUF_IOCTL_SYNC },
        { "DMA_BUF_SET_NAME_A", 0x40046201, Ioc.IOW<uint>(Interop.DmaBuf.DMA_BUF_BASE, 1), Interop.DmaBuf.DMA_BUF_SET_NAME_A },
        { "DMA_BUF_SET_NAME_B", 0x40086201, Ioc.IOW<ulong>(Interop.DmaBuf.DMA_BUF_BASE, 1), Interop.DmaBuf.DMA_BUF_SET_NAME_B },
        { "DMA_BUF_IOCTL_EXPORT_SYNC_FILE", 0xC0086202, Ioc.IOWR<Interop.DmaBuf.DmaBufExportSyncFile>(Interop.DmaBuf.DMA_BUF_BASE, 2), Interop.DmaBuf.DMA_BUF_IOCTL_EXPORT_SYNC_FILE },
        { "DMA_BUF_IOCTL_IMPORT_SYNC_FILE", 0x40086203, Ioc.IOW<Interop.DmaBuf.DmaBufImportSyncFile>(Interop.DmaBuf.DMA_BUF_BASE, 3), Interop.DmaBuf.DMA_BUF_IOCTL_IMPORT_SYNC_FILE },
        { "DMA_HEAP_IOCTL_ALLOC", 0xC0184800, Ioc.IOWR<Interop.DmaHeap.DmaHeapAllocationData>(Interop.DmaHeap.DMA_HEAP_IOC_MAGIC, 0), Interop.DmaHeap.DMA_HEAP_IOCTL_ALLOC },
        { "DMA_HEAP_IOCTL_ALLOC (charge_pid_fd RFC)", 0xC0204800, Ioc.IOWR<Interop.DmaHeap.DmaHeapAllocationDataCharge>(Interop.DmaHeap.DMA_HEAP_IOC_MAGIC, 0), Interop.DmaHeap.DMA_HEAP_IOCTL_ALLOC_CHARGE },
        { "UDMABUF_CREATE", 0x40187542, Ioc.IOW<Interop.Udmabuf.UdmabufCreate>(0x75, 0x42), Interop.Udmabuf.UDMABUF_CREATE },
        { "UDMABUF_CREATE_LIST", 0x40087543, Ioc.IOW<Interop.Udmabuf.UdmabufCreateList>(0x75, 0x43), Interop.Udmabuf.UDMABUF_CREATE_LIST },
    };

    [Theory]
    [MemberData(nameof(DmaBufIoctls))]
    public void DmaBufIoctl_RecomputedFromItsStruct(string macro, uint facts, uint recomputed, uint bound)
    {
        Assert.True(recomputed == bound, $"{macro}: bound 0x{bound:X8}, recomputed 0x{recomputed:X8} from the C# struct");
        Assert.True(facts == bound, $"{macro}: bound 0x{bound:X8}, FACTS.md says 0x{facts:X8}");
    }

    public static TheoryData<string, uint, uint, uint> VfioIoctls => new()
    {
        { "VFIO_GET_API_VERSION", 0x3B64, Ioc.IO(Interop.Vfio.VFIO_TYPE, Interop.Vfio.VFIO_BASE + 0), Interop.Vfio.VFIO_GET_API_VERSION },
        { "VFIO_CHECK_EXTENSION", 0x3B65, Ioc.IO(Interop.Vfio.VFIO_TYPE, Interop.Vfio.VFIO_BASE + 1), Interop.Vfio.VFIO_CHECK_EXTENSION },
        { "VFIO_SET_IOMMU", 0x3B66, Ioc.IO(Interop.Vfio.VFIO_TYPE, Interop.Vfio.VFIO_BASE + 2), Interop.Vfio.VFIO_SET_IOMMU },
        { "VFIO_GROUP_GET_STATUS", 0x3B67, Ioc.IO(Interop.Vfio.VFIO_TYPE, Interop.Vfio.VFIO_BASE + 3), Interop.Vfio.VFIO_GROUP_GET_STATUS },
        { "VFIO_GROUP_SET_CONTAINER", 0x3B68, Ioc.IO(Interop.Vfio.VFIO_TYPE, Interop.Vfio.VFIO_BASE + 4), Interop.Vfio.VFIO_GROUP_SET_CONTAINER },
        { "VFIO_GROUP_UNSET_CONTAINER", 0x3B69, Ioc.IO(Interop.Vfio.VFIO_TYPE, Interop.Vfio.VFIO_BASE + 5), Interop.Vfio.VFIO_GROUP_UNSET_CONTAINER },
        { "VFIO_GROUP_GET_DEVICE_FD", 0x3B6A, Ioc.IO(Interop.Vfio.VFIO_TYPE, Interop.Vfio.VFIO_BASE + 6), Interop.Vfio.VFIO_GROUP_GET_DEVICE_FD },
    };

    [Theory]
    [MemberData(nameof(VfioIoctls))]
    public void VfioIoctl_IsIoOnVfioBase(string macro, uint facts, uint recomputed, uint bound)
    {
        Assert.True(recomputed == bound, $"{macro}: bound 0x{bound:X4}, _IO(';', 100 + n) is 0x{recomputed:X4}");
        Assert.True(facts == bound, $"{macro}: bound 0x{bound:X4}, FACTS.md says 0x{facts:X4}");
    }

    private static void AssertNone(IReadOnlyList<string> failures, string what) =>
        Assert.True(failures.Count == 0, $"{failures.Count} {what} mismatch(es):\n  " + string.Join("\n  ", failures));
}
