using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Uapi.Raw;

namespace Uapi.Tests;

// Layout check (DESIGN.md "Layout check"): native/layout/layout.c, compiled against the installed UAPI
// headers, prints every struct's size and field offsets and every ioctl number and constant as JSON. These
// tests find every struct and constant nested in Interop.* by reflection and compare them with it.
// Things newer than the installed 6.1-era headers are checked against NewerThanInstalledHeaders below,
// whose values come from ../shared/uapi/FACTS.md. A C# struct that is in neither fails, so each new binding
// has to bring its layout with it (a FIELD line in layout.c, or a row in the table).
public sealed class LayoutTests(ITestOutputHelper output)
{
    [Fact]
    public void Structs_MatchInstalledHeaders_OrTheNewerTable() => AssertNone(LayoutComparison.Current.StructFailures, "struct layout");

    [Fact]
    public void IoctlNumbers_MatchInstalledHeaders_OrTheNewerTable() => AssertNone(LayoutComparison.Current.IoctlFailures, "ioctl number");

    [Fact]
    public void Constants_MatchInstalledHeaders_OrTheNewerTable() => AssertNone(LayoutComparison.Current.ConstantFailures, "constant");

    [Fact]
    public void NewerTable_IsConsistentWithInstalledHeaders() => AssertNone(LayoutComparison.Current.TableFailures, "NewerThanInstalledHeaders");

    [Fact]
    public void ComparedSomething()
    {
        var c = LayoutComparison.Current;
        output.WriteLine($"layout.json: {c.Layout.Source} ({c.Layout.HeaderInfo})");
        output.WriteLine($"C side: {c.Layout.Structs.Count} structs, {c.Layout.Constants.Count} constants ({c.Layout.Ioctls.Count} ioctls)");
        output.WriteLine($"C# side: {c.CsStructCount} structs, {c.CsConstantCount} constants found under Interop");
        output.WriteLine($"compared: {c.StructsVsHeaders} structs against the headers, {c.StructsVsTable} against NewerThanInstalledHeaders " +
                         $"({c.StructsGrown} grown: header prefix and table both), " +
                         $"{c.FieldsCompared} fields; {c.IoctlsCompared} ioctl numbers; {c.ConstantsCompared} other constants");
        foreach (var note in c.Notes)
            output.WriteLine("note: " + note);
        if (c.Unverified.Count > 0)
            output.WriteLine($"not in the headers nor in the table (unchecked): {string.Join(", ", c.Unverified)}");

        Assert.True(c.StructsVsHeaders > 0, "no C# struct was compared with the headers");
        Assert.True(c.FieldsCompared > 0, "no field offset was compared");
        Assert.True(c.IoctlsCompared > 0, "no ioctl number was compared");
        Assert.True(c.ConstantsCompared > 0, "no constant was compared");
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

public sealed class IocTests
{
    [Theory]
    [InlineData(Ioc.Read | Ioc.Write, 0x64u, 0x00u, 64u, 0xC0406400u)] // DRM_IOCTL_VERSION
    [InlineData(Ioc.Write, 0x64u, 0x0Du, 16u, 0x4010640Du)]            // DRM_IOCTL_SET_CLIENT_CAP
    [InlineData(Ioc.None, 0x64u, 0x1Eu, 0u, 0x0000641Eu)]              // DRM_IOCTL_SET_MASTER
    [InlineData(Ioc.None, 0x3Bu, 100u, 0u, 0x3B64u)]                   // VFIO_GET_API_VERSION
    [InlineData(Ioc.Read | Ioc.Write, 0x48u, 0x00u, 24u, 0xC0184800u)] // DMA_HEAP_IOCTL_ALLOC
    [InlineData(Ioc.Write, 0x75u, 0x42u, 24u, 0x40187542u)]            // UDMABUF_CREATE
    [InlineData(Ioc.Read | Ioc.Write, 0xCDu, 0x01u, 48u, 0xC030CD01u)] // SYNCOBJ_IOC_WAIT (RFC)
    public void Encode_KnownRequests(uint dir, uint type, uint nr, uint size, uint expected)
    {
        Assert.Equal(expected, Ioc.Encode(dir, type, nr, size));
        Assert.Equal(dir, Ioc.Dir(expected));
        Assert.Equal(type, Ioc.Type(expected));
        Assert.Equal(nr, Ioc.Nr(expected));
        Assert.Equal(size, Ioc.Size(expected));
    }

    [Fact]
    public void Helpers_UseTheStructSize()
    {
        Assert.Equal(0xC0406400u, Ioc.IOWR<Interop.Drm.DrmVersion>(0x64, 0x00));
        Assert.Equal(0x4010640Du, Ioc.IOW<Interop.Drm.DrmSetClientCap>(0x64, 0x0D));
        Assert.Equal(0x8010640Cu, Ioc.IOR<Interop.Drm.DrmGetCap>(0x64, 0x0C));
        Assert.Equal(0x0000641Eu, Ioc.IO(0x64, 0x1E));
        Assert.Equal(0x3B64u, Ioc.IO(0x3B, 100));
    }

    [Theory]
    [InlineData(0xC0406400u)]
    [InlineData(0x4010640Du)]
    [InlineData(0x0000641Eu)]
    [InlineData(0x3B64u)]
    [InlineData(0xC01864CFu)]
    [InlineData(0xBFFF64FFu)] // largest size, IOR direction
    public void Decode_RoundTrips(uint request) =>
        Assert.Equal(request, Ioc.Encode(Ioc.Dir(request), Ioc.Type(request), Ioc.Nr(request), Ioc.Size(request)));

    [Fact]
    public void Size_Of16KiB_Throws()
    {
        Assert.Equal(16383u, Ioc.Size(Ioc.Encode(Ioc.Read, 0x64, 0, 16383)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ioc.Encode(Ioc.Read, 0x64, 0, 16384));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ioc.Encode(Ioc.Read | Ioc.Write, 0x64, 0, 100000));
    }

    [Fact]
    public void TypeOrNrAbove255_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ioc.Encode(Ioc.Read, 0x100, 0, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ioc.Encode(Ioc.Read, 0x64, 0x100, 8));
    }
}

/// <summary>
/// Layouts newer than the installed (6.1-era) headers, from ../shared/uapi/FACTS.md. A C# struct listed here
/// is checked against this row (size, and every field's offset and size) instead of the header; when the
/// header also has the struct, every header field must sit at the same offset with the same size (the old
/// struct is a prefix of the new one), and the ioctls that carry it must differ from the header's only in the
/// size bits. Layout syntax: "name@offset:size", "+name@offset" for a trailing flexible array.
/// </summary>
internal static class NewerThanInstalledHeaders
{
    public static readonly NewerStruct[] Structs =
    [
        // drm.h: grew after 6.1 (FACTS §1.3, §1.4)
        new("drm_syncobj_handle", 24, "handle@0:4 flags@4:4 fd@8:4 pad@12:4 point@16:8", "point: 2025 timeline export/import (≈6.16)"),
        new("drm_syncobj_wait", 40, "handles@0:8 timeout_nsec@8:8 count_handles@16:4 flags@20:4 first_signaled@24:4 pad@28:4 deadline_nsec@32:8", "deadline (≈6.4)"),
        new("drm_syncobj_timeline_wait", 48, "handles@0:8 points@8:8 timeout_nsec@16:8 count_handles@24:4 flags@28:4 first_signaled@32:4 pad@36:4 deadline_nsec@40:8", "deadline (≈6.4)"),
        // drm.h: absent from 6.1
        new("drm_syncobj_eventfd", 24, "handle@0:4 flags@4:4 point@8:8 fd@16:4 pad@20:4", "SYNCOBJ_EVENTFD, 6.6"),
        new("drm_set_client_name", 16, "name_len@0:8 name@8:8", "SET_CLIENT_NAME"),
        new("drm_gem_change_handle", 8, "handle@0:4 new_handle@4:4", "GEM_CHANGE_HANDLE"),
        // vgem_drm.h: not installed (FACTS §5.1)
        new("drm_vgem_fence_attach", 16, "handle@0:4 flags@4:4 out_fence@8:4 pad@12:4", "no vgem header installed"),
        new("drm_vgem_fence_signal", 8, "fence@0:4 flags@4:4", "no vgem header installed"),
        new("sw_sync_create_fence_data", 40, "value@0:4 name@4:32 fence@36:4", "drivers/dma-buf/sw_sync.c: not a UAPI header"),
        // virtgpu_drm.h: libdrm 2.4.114 ships a very old copy (FACTS §5.2)
        new("drm_virtgpu_execbuffer", 64, "flags@0:4 size@4:4 command@8:8 bo_handles@16:8 num_bo_handles@24:4 fence_fd@28:4 ring_idx@32:4 " +
            "syncobj_stride@36:4 num_in_syncobjs@40:4 num_out_syncobjs@44:4 in_syncobjs@48:8 out_syncobjs@56:8", "libdrm's virtgpu_drm.h predates ring_idx and syncobjs"),
        new("drm_virtgpu_resource_create_blob", 48, "blob_mem@0:4 blob_flags@4:4 bo_handle@8:4 res_handle@12:4 size@16:8 pad@24:4 cmd_size@28:4 cmd@32:8 blob_id@40:8",
            "libdrm's virtgpu_drm.h predates blobs"),
        // panthor_drm.h: not installed (FACTS §4)
        new("drm_panthor_dev_query", 16, "type@0:4 size@4:4 pointer@8:8", "no panthor header installed"),
        new("drm_panthor_gpu_info", 104, "gpu_id@0:4 gpu_rev@4:4 csf_id@8:4 l2_features@12:4 tiler_features@16:4 mem_features@20:4 mmu_features@24:4 " +
            "thread_features@28:4 max_threads@32:4 thread_max_workgroup_size@36:4 thread_max_barrier_size@40:4 coherency_features@44:4 " +
            "texture_features@48:16 as_present@64:4 selected_coherency@68:4 shader_present@72:8 l2_present@80:8 tiler_present@88:8 core_features@96:4 pad@100:4",
            "no panthor header installed; 112 with gpu_features@104 in 2026 trees (unverified)"),
        new("drm_panthor_csif_info", 24, "csg_slot_count@0:4 cs_slot_count@4:4 cs_reg_count@8:4 scoreboard_slot_count@12:4 unpreserved_cs_reg_count@16:4 pad@20:4",
            "no panthor header installed"),
        new("drm_panthor_timestamp_info", 56, "timestamp_frequency@0:8 current_timestamp@8:8 timestamp_offset@16:8 flags@24:4 duration_nsec@28:4 " +
            "cycle_count@32:8 cpu_timestamp_sec@40:8 cpu_timestamp_nsec@48:8", "driver 1.8 form (24 before)"),
        new("drm_panthor_group_priorities_info", 4, "allowed_mask@0:1 pad@1:3", "no panthor header installed"),
        new("drm_panthor_set_user_mmio_offset", 8, "offset@0:8", "driver 1.5"),
        new("drm_panthor_vm_create", 16, "flags@0:4 id@4:4 user_va_range@8:8", "no panthor header installed"),
        new("drm_panthor_vm_destroy", 8, "id@0:4 pad@4:4", "no panthor header installed"),
        new("drm_panthor_tiler_heap_destroy", 8, "handle@0:4 pad@4:4", "no panthor header installed"),
        new("drm_panthor_bo_set_label", 16, "handle@0:4 pad@4:4 label@8:8", "driver 1.4"),
        new("drm_panthor_bo_query_info", 16, "handle@0:4 extra_flags@4:4 create_flags@8:4 pad@12:4", "driver 1.7"),
        // sync_file.h
        new("sync_set_deadline", 16, "deadline_ns@0:8 pad@8:8", "SYNC_IOC_SET_DEADLINE (≈6.4)"),
        // vfio.h (FACTS §6)
        new("vfio_device_info", 24, "argsz@0:4 flags@4:4 num_regions@8:4 num_irqs@12:4 cap_offset@16:4 pad@20:4", "pad added after 6.1 (20 → 24)"),
        new("vfio_iommu_type1_info", 24, "argsz@0:4 flags@4:4 iova_pgsizes@8:8 cap_offset@16:4 pad@20:4", "explicit pad added after 6.1 (size unchanged)"),
        new("vfio_region_dma_range", 16, "offset@0:8 length@8:8", "VFIO_DEVICE_FEATURE_DMA_BUF"),
        new("vfio_device_feature_dma_buf", 16, "region_index@0:4 open_flags@4:4 flags@8:4 nr_ranges@12:4 +dma_ranges@16", "VFIO_DEVICE_FEATURE_DMA_BUF"),
        new("vfio_device_bind_iommufd", 24, "argsz@0:4 flags@4:4 iommufd@8:4 out_devid@12:4 token_uuid_ptr@16:8", "vfio cdev; token_uuid_ptr 2025"),
        new("vfio_device_attach_iommufd_pt", 16, "argsz@0:4 flags@4:4 pt_id@8:4 pasid@12:4", "vfio cdev"),
        new("vfio_device_detach_iommufd_pt", 12, "argsz@0:4 flags@4:4 pasid@8:4", "vfio cdev"),
        // /dev/syncobj RFC, include/uapi/linux/syncobj.h (FACTS §7), not merged
        new("syncobj_create_args", 8, "fd@0:4 flags@4:4", "/dev/syncobj RFC"),
        new("syncobj_wait_args", 48, "fds@0:8 points@8:8 timeout_nsec@16:8 count@24:4 flags@28:4 first_signaled@32:4 pad@36:4 deadline_nsec@40:8", "/dev/syncobj RFC"),
        new("syncobj_array_args", 24, "fds@0:8 points@8:8 count@16:4 flags@20:4", "/dev/syncobj RFC"),
        new("syncobj_transfer_args", 32, "src_fd@0:4 dst_fd@4:4 src_point@8:8 dst_point@16:8 flags@24:4 pad@28:4", "/dev/syncobj RFC"),
        new("syncobj_eventfd_args", 24, "syncobj_fd@0:4 eventfd@4:4 point@8:8 flags@16:4 pad@20:4", "/dev/syncobj RFC"),
        new("syncobj_sync_file_args", 16, "syncobj_fd@0:4 sync_file_fd@4:4 point@8:8", "/dev/syncobj RFC"),
        new("dma_heap_allocation_data_charge", 32, "len@0:8 fd@8:4 fd_flags@12:4 heap_flags@16:8 charge_pid_fd@24:4 padding@28:4",
            "dma-heap charge_pid_fd RFC (FACTS §8.2): dma_heap_allocation_data grown to 32 bytes"),
    ];

    public static readonly NewerIoctl[] Ioctls =
    [
        // grown: same dir/type/nr as the installed header, new size
        new("DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD", 0xC01864C1, "drm_syncobj_handle"),
        new("DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE", 0xC01864C2, "drm_syncobj_handle"),
        new("DRM_IOCTL_SYNCOBJ_WAIT", 0xC02864C3, "drm_syncobj_wait"),
        new("DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT", 0xC03064CA, "drm_syncobj_timeline_wait"),
        new("DRM_IOCTL_VIRTGPU_EXECBUFFER", 0xC0406442, "drm_virtgpu_execbuffer"),
        new("DRM_IOCTL_VIRTGPU_TRANSFER_FROM_HOST", 0xC02C6446, "drm_virtgpu_3d_transfer_from_host"),
        new("DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST", 0xC02C6447, "drm_virtgpu_3d_transfer_to_host"),
        // absent from the installed headers
        new("DRM_IOCTL_SYNCOBJ_EVENTFD", 0xC01864CF, "drm_syncobj_eventfd"),
        new("DRM_IOCTL_SET_CLIENT_NAME", 0xC01064D1, "drm_set_client_name"),
        new("DRM_IOCTL_GEM_CHANGE_HANDLE", 0xC00864D2, "drm_gem_change_handle"),
        new("DRM_IOCTL_VGEM_FENCE_ATTACH", 0xC0106441, "drm_vgem_fence_attach"),
        new("DRM_IOCTL_VGEM_FENCE_SIGNAL", 0x40086442, "drm_vgem_fence_signal"),
        new("SW_SYNC_IOC_CREATE_FENCE", 0xC0285700, "sw_sync_create_fence_data"),
        new("DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB", 0xC030644A, "drm_virtgpu_resource_create_blob"),
        new("DRM_IOCTL_VIRTGPU_CONTEXT_INIT", 0xC010644B, "drm_virtgpu_context_init"),
        new("DRM_IOCTL_PANTHOR_DEV_QUERY", 0xC0106440, "drm_panthor_dev_query"),
        new("DRM_IOCTL_PANTHOR_VM_CREATE", 0xC0106441, "drm_panthor_vm_create"),
        new("DRM_IOCTL_PANTHOR_VM_DESTROY", 0xC0086442, "drm_panthor_vm_destroy"),
        new("DRM_IOCTL_PANTHOR_TILER_HEAP_DESTROY", 0xC008644C, "drm_panthor_tiler_heap_destroy"),
        new("DRM_IOCTL_PANTHOR_BO_SET_LABEL", 0xC010644D, "drm_panthor_bo_set_label"),
        new("DRM_IOCTL_PANTHOR_SET_USER_MMIO_OFFSET", 0xC008644E, "drm_panthor_set_user_mmio_offset"),
        new("DRM_IOCTL_PANTHOR_BO_SYNC", 0xC010644F, "drm_panthor_bo_sync"),
        new("DRM_IOCTL_PANTHOR_BO_QUERY_INFO", 0xC0106450, "drm_panthor_bo_query_info"),
        new("SYNC_IOC_SET_DEADLINE", 0x40103E05, "sync_set_deadline"),
        new("VFIO_DEVICE_BIND_IOMMUFD", 0x3B76, null),
        new("VFIO_DEVICE_ATTACH_IOMMUFD_PT", 0x3B77, null),
        new("VFIO_DEVICE_DETACH_IOMMUFD_PT", 0x3B78, null),
        new("VFIO_MIG_GET_PRECOPY_INFO", 0x3B79, null),
        new("SYNCOBJ_IOC_CREATE", 0xC008CD00, "syncobj_create_args"),
        new("SYNCOBJ_IOC_WAIT", 0xC030CD01, "syncobj_wait_args"),
        new("SYNCOBJ_IOC_RESET", 0x4018CD02, "syncobj_array_args"),
        new("SYNCOBJ_IOC_SIGNAL", 0x4018CD03, "syncobj_array_args"),
        new("SYNCOBJ_IOC_QUERY", 0x4018CD04, "syncobj_array_args"),
        new("SYNCOBJ_IOC_TRANSFER", 0x4020CD05, "syncobj_transfer_args"),
        new("SYNCOBJ_IOC_EVENTFD", 0x4018CD06, "syncobj_eventfd_args"),
        new("SYNCOBJ_IOC_EXPORT_SYNC_FILE", 0xC010CD07, "syncobj_sync_file_args"),
        new("SYNCOBJ_IOC_IMPORT_SYNC_FILE", 0x4010CD08, "syncobj_sync_file_args"),
        new("DMA_HEAP_IOCTL_ALLOC_CHARGE", 0xC0204800, "dma_heap_allocation_data_charge"),
    ];

    public static readonly NewerConstant[] Constants =
    [
        new("DRM_CAP_ATOMIC_ASYNC_PAGE_FLIP", 0x15),
        new("DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT", 6),
        new("DRM_CLIENT_CAP_PLANE_COLOR_PIPELINE", 7),
        new("DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE", 2),
        new("DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE", 2),
        new("DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE", 8),
        new("DRM_VGEM_FENCE_ATTACH", 0x1),
        new("DRM_VGEM_FENCE_SIGNAL", 0x2),
        new("VGEM_FENCE_WRITE", 1),
        new("VIRTGPU_EXECBUF_RING_IDX", 4),
        new("VIRTGPU_PARAM_RESOURCE_BLOB", 3),
        new("VIRTGPU_PARAM_HOST_VISIBLE", 4),
        new("VIRTGPU_PARAM_CROSS_DEVICE", 5),
        new("VIRTGPU_PARAM_CONTEXT_INIT", 6),
        new("VIRTGPU_PARAM_SUPPORTED_CAPSET_IDs", 7),
        new("DRM_PANTHOR_USER_MMIO_OFFSET_32BIT", 1UL << 43),
        new("DRM_PANTHOR_USER_MMIO_OFFSET_64BIT", 1UL << 56),
        new("DRM_PANTHOR_USER_MMIO_OFFSET", 1UL << 56),
        new("DRM_PANTHOR_USER_FLUSH_ID_MMIO_OFFSET", 1UL << 56),
        new("VFIO_DEVICE_FLAGS_CDX", 1 << 8),
        new("VFIO_DEVICE_FEATURE_MIG_DATA_SIZE", 9),
        new("VFIO_DEVICE_FEATURE_BUS_MASTER", 10),
        new("VFIO_DEVICE_FEATURE_DMA_BUF", 11),
        new("VFIO_DEVICE_BIND_FLAG_TOKEN", 1),
        new("VFIO_DEVICE_ATTACH_PASID", 1),
        new("VFIO_DEVICE_DETACH_PASID", 1),
        new("SYNCOBJ_CREATE_SIGNALED", 1),
        new("SYNCOBJ_WAIT_FLAGS_WAIT_ALL", 1),
        new("SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT", 2),
        new("SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE", 4),
        new("SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE", 8),
        new("SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED", 1),
    ];
}

internal sealed record LayoutField(string Name, int Offset, int Size);

internal sealed record NewerStruct(string CName, int Size, string Layout, string Why)
{
    public IReadOnlyList<LayoutField> Fields { get; } = Parse(Layout, trailing: false);
    public IReadOnlyList<LayoutField> Trailing { get; } = Parse(Layout, trailing: true);

    private static List<LayoutField> Parse(string layout, bool trailing)
    {
        var list = new List<LayoutField>();
        foreach (var token in layout.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.StartsWith('+') != trailing)
                continue;
            var t = trailing ? token[1..] : token;
            var at = t.IndexOf('@');
            var colon = t.IndexOf(':');
            list.Add(trailing
                ? new LayoutField(t[..at], int.Parse(t[(at + 1)..], CultureInfo.InvariantCulture), 0)
                : new LayoutField(t[..at], int.Parse(t[(at + 1)..colon], CultureInfo.InvariantCulture), int.Parse(t[(colon + 1)..], CultureInfo.InvariantCulture)));
        }
        return list;
    }
}

internal sealed record NewerIoctl(string Name, uint Value, string? CStruct);

internal sealed record NewerConstant(string Name, decimal Value);

/// <summary>What layout.c printed for one struct.</summary>
internal sealed record CStruct(string Name, int Size, int Align, IReadOnlyList<LayoutField> Fields, IReadOnlyList<LayoutField> Trailing);

/// <summary>The JSON printed by native/layout/layout.c.</summary>
internal sealed class CLayout
{
    public required string Source { get; init; }
    public required string HeaderInfo { get; init; }
    public required Dictionary<string, CStruct> Structs { get; init; }
    public required Dictionary<string, decimal> Constants { get; init; }
    /// <summary>ioctl macro → the struct it carries (null for _IO and scalar arguments).</summary>
    public required Dictionary<string, string?> Ioctls { get; init; }

    public static CLayout Load()
    {
        var path = FindOrBuildJson();
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;

        var structs = new Dictionary<string, CStruct>(StringComparer.Ordinal);
        foreach (var s in root.GetProperty("structs").EnumerateObject())
        {
            var sizes = s.Value.GetProperty("field_sizes");
            var fields = s.Value.GetProperty("fields").EnumerateObject()
                .Select(f => new LayoutField(f.Name, f.Value.GetInt32(), sizes.GetProperty(f.Name).GetInt32())).ToList();
            var trailing = s.Value.GetProperty("trailing").EnumerateObject()
                .Select(f => new LayoutField(f.Name, f.Value.GetInt32(), 0)).ToList();
            structs.Add(s.Name, new CStruct(s.Name, s.Value.GetProperty("size").GetInt32(), s.Value.GetProperty("align").GetInt32(), fields, trailing));
        }

        var constants = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var c in root.GetProperty("constants").EnumerateObject())
            constants[c.Name] = c.Value.TryGetUInt64(out var u) ? u : c.Value.GetInt64();

        var ioctls = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var i in root.GetProperty("ioctls").EnumerateObject())
            ioctls[i.Name] = i.Value.ValueKind == JsonValueKind.Null ? null : i.Value.GetString();

        var headers = root.GetProperty("headers");
        var code = headers.GetProperty("linux_version_code").GetInt32();
        var info = $"linux headers {code >> 16}.{(code >> 8) & 0xFF}.{code & 0xFF}, {headers.GetProperty("compiler").GetString()}";
        return new CLayout { Source = path, HeaderInfo = info, Structs = structs, Constants = constants, Ioctls = ioctls };
    }

    /// <summary>$UAPI_LAYOUT_JSON if set, else runs native/layout/build.sh (idempotent, fast when built).</summary>
    private static string FindOrBuildJson()
    {
        var env = Environment.GetEnvironmentVariable("UAPI_LAYOUT_JSON");
        if (!string.IsNullOrEmpty(env))
            return File.Exists(env) ? env : throw new FileNotFoundException("UAPI_LAYOUT_JSON points to a missing file", env);

        var repo = FindRepoRoot();
        var script = Path.Combine(repo, "native", "layout", "build.sh");
        var json = Path.Combine(repo, "artifacts", "layout", "layout.json");
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repo,
        };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(json);
        var stderr = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        p.OutputDataReceived += (_, _) => { };
        p.Start();
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        // Ten minutes covers an apt-get install of the headers on a cold machine.
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in 10 minutes");
        }
        p.WaitForExit(); // drain the redirected streams
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{script} exited with {p.ExitCode} (set UAPI_LAYOUT_JSON to use a prebuilt layout.json):\n{stderr}");
        return json;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Interop.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"no Interop.sln above {AppContext.BaseDirectory}; set UAPI_LAYOUT_JSON");
    }
}

/// <summary>A struct nested in Interop.*, with its in-memory layout (what a pointer to it hands the kernel).</summary>
internal sealed record CsStruct(Type Type, int Size, IReadOnlyList<CsField> Fields, List<string> Problems)
{
    public string Label => Type.FullName!.Replace("Uapi.Raw.", "", StringComparison.Ordinal).Replace('+', '.');
}

internal sealed record CsField(string Name, int Offset, int Size);

internal sealed record CsConstant(string Name, string Owner, object Value)
{
    public decimal Number => Value switch
    {
        ulong u => u,
        _ => Convert.ToDecimal(Value, CultureInfo.InvariantCulture),
    };
}

/// <summary>Runs every comparison once and keeps the results for the individual tests.</summary>
internal sealed class LayoutComparison
{
    private static readonly Lazy<LayoutComparison> Instance = new(() => new LayoutComparison(CLayout.Load()), LazyThreadSafetyMode.ExecutionAndPublication);
    public static LayoutComparison Current => Instance.Value;

    public CLayout Layout { get; }
    public List<string> StructFailures { get; } = [];
    public List<string> IoctlFailures { get; } = [];
    public List<string> ConstantFailures { get; } = [];
    public List<string> TableFailures { get; } = [];
    public List<string> Notes { get; } = [];
    public List<string> Unverified { get; } = [];
    public int CsStructCount { get; private set; }
    public int CsConstantCount { get; private set; }
    public int StructsVsHeaders { get; private set; }
    public int StructsVsTable { get; private set; }
    public int StructsGrown { get; private set; }
    public int FieldsCompared { get; private set; }
    public int IoctlsCompared { get; private set; }
    public int ConstantsCompared { get; private set; }

    // Matching is on names with underscores removed, case-insensitively: drm_syncobj_handle ~ DrmSyncobjHandle,
    // count_handles ~ CountHandles, __pad ~ Pad, vfio_iommu_type1_info ~ VfioIommuType1Info.
    private static string Key(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private readonly Dictionary<string, CStruct> _cByKey;
    private readonly Dictionary<string, NewerStruct> _newerByKey;
    private readonly Dictionary<string, NewerIoctl> _newerIoctls;
    private readonly Dictionary<string, NewerConstant> _newerConstants;
    private readonly Dictionary<string, CsStruct> _csByKey = [];

    private LayoutComparison(CLayout layout)
    {
        Layout = layout;
        _cByKey = layout.Structs.Values.ToDictionary(s => Key(s.Name));
        _newerByKey = [];
        foreach (var n in NewerThanInstalledHeaders.Structs)
            if (!_newerByKey.TryAdd(Key(n.CName), n))
                TableFailures.Add($"{n.CName} is listed twice");
        _newerIoctls = [];
        foreach (var i in NewerThanInstalledHeaders.Ioctls)
            if (!_newerIoctls.TryAdd(i.Name, i))
                TableFailures.Add($"{i.Name} is listed twice");
        _newerConstants = [];
        foreach (var c in NewerThanInstalledHeaders.Constants)
            if (!_newerConstants.TryAdd(c.Name, c))
                TableFailures.Add($"{c.Name} is listed twice");

        var (structs, constants) = Discover();
        CsStructCount = structs.Count;
        CsConstantCount = constants.Count;
        foreach (var s in structs)
            _csByKey.TryAdd(Key(s.Type.Name), s);

        foreach (var s in structs)
            CompareStruct(s);
        foreach (var c in constants)
            CompareConstant(c);
        CheckTable();
    }

    // ------------------------------------------------------------------ discovery

    private static (List<CsStruct>, List<CsConstant>) Discover()
    {
        var structs = new List<CsStruct>();
        var constants = new List<CsConstant>();
        var pending = new Stack<Type>();
        pending.Push(typeof(Interop));
        while (pending.Count > 0)
        {
            var owner = pending.Pop();
            foreach (var f in owner.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
                if (f.IsLiteral && IsInteger(f.FieldType))
                    constants.Add(new CsConstant(f.Name, OwnerName(owner), f.GetRawConstantValue()!));

            foreach (var t in owner.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (t.IsDefined(typeof(CompilerGeneratedAttribute), false) || t.Name.Contains('<', StringComparison.Ordinal))
                    continue;
                if (t.IsEnum)
                {
                    // Flag enums keep C spelling for their members (STYLE.md), so they are constants too.
                    foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Static))
                        constants.Add(new CsConstant(f.Name, OwnerName(t), f.GetRawConstantValue()!));
                }
                else if (t.IsValueType)
                    structs.Add(Measure(t));
                else if (!t.IsDefined(typeof(LoopbackAbiAttribute), false))
                    pending.Push(t); // a nested class: Interop.Drm, Interop.Vfio, ... (not a loopback-only driver's ABI: no header has it)
            }
        }
        return (structs, constants);
    }

    private static string OwnerName(Type t) => t.FullName!.Replace("Uapi.Raw.", "", StringComparison.Ordinal).Replace('+', '.');

    private static bool IsInteger(Type t) =>
        t == typeof(byte) || t == typeof(sbyte) || t == typeof(short) || t == typeof(ushort) ||
        t == typeof(int) || t == typeof(uint) || t == typeof(long) || t == typeof(ulong);

    private static readonly MethodInfo SizeOfMethod = typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!;
    private static readonly MethodInfo ContainsReferencesMethod = typeof(RuntimeHelpers).GetMethod(nameof(RuntimeHelpers.IsReferenceOrContainsReferences))!;

    private static int SizeOf(Type t) => t.IsPointer || t.IsFunctionPointer ? IntPtr.Size : (int)SizeOfMethod.MakeGenericMethod(t).Invoke(null, null)!;

    /// <summary>The field's offset in memory: ldflda on a local minus the local's address.</summary>
    private static int ManagedOffset(FieldInfo f)
    {
        var dm = new DynamicMethod("offsetof_" + f.Name, typeof(int), Type.EmptyTypes, typeof(LayoutComparison).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        var local = il.DeclareLocal(f.DeclaringType!);
        il.Emit(OpCodes.Ldloca, local);
        il.Emit(OpCodes.Ldflda, f);
        il.Emit(OpCodes.Ldloca, local);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Conv_I4);
        il.Emit(OpCodes.Ret);
        return (int)dm.Invoke(null, null)!;
    }

    private static CsStruct Measure(Type t)
    {
        var problems = new List<string>();
        if (t.IsAutoLayout)
            problems.Add("has LayoutKind.Auto; kernel structs need Sequential (or Explicit)");
        if (t.IsGenericTypeDefinition)
            return new CsStruct(t, 0, [], ["is generic"]);
        if ((bool)ContainsReferencesMethod.MakeGenericMethod(t).Invoke(null, null)!)
            problems.Add("contains object references; it cannot be handed to the kernel by pointer");

        var size = SizeOf(t);
        var fields = new List<CsField>();
        foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).OrderBy(ManagedOffset))
            fields.Add(new CsField(f.Name, ManagedOffset(f), SizeOf(f.FieldType)));

        // The raw layer passes pointers (no marshalling), so the in-memory layout above is what counts. The
        // marshalled layout (Marshal.SizeOf/OffsetOf) must agree too: a difference means a bool/char field or
        // similar, which reads differently depending on how the struct crosses to native code.
        try
        {
            var marshalSize = Marshal.SizeOf(t);
            if (marshalSize != size)
                problems.Add($"Marshal.SizeOf is {marshalSize} but the in-memory size is {size} (bool/char or another non-blittable field?)");
            foreach (var f in fields)
            {
                var mo = (int)Marshal.OffsetOf(t, f.Name);
                if (mo != f.Offset)
                    problems.Add($"field {f.Name}: Marshal.OffsetOf is {mo} but the in-memory offset is {f.Offset}");
            }
        }
        catch (ArgumentException)
        {
            // Not marshallable at all (e.g. contains a generic field): the in-memory layout is all there is.
        }
        return new CsStruct(t, size, fields, problems);
    }

    // ------------------------------------------------------------------ structs

    private void CompareStruct(CsStruct cs)
    {
        var key = Key(cs.Type.Name);
        _cByKey.TryGetValue(key, out var c);
        _newerByKey.TryGetValue(key, out var n);

        foreach (var p in cs.Problems)
            StructFailures.Add($"{cs.Label}: {p}");

        if (c is null && n is null)
        {
            StructFailures.Add($"{cs.Label} ({cs.Size} bytes): no C struct of that name in layout.json and no row in NewerThanInstalledHeaders; " +
                               "add STRUCT/FIELD lines to native/layout/layout.c, or a row with the FACTS.md layout to the table");
            return;
        }

        if (c is not null)
        {
            var vsHeader = Diff(cs, c.Size, c.Fields, c.Trailing);
            if (vsHeader.Count == 0)
            {
                StructsVsHeaders++;
                FieldsCompared += c.Fields.Count;
                if (n is not null)
                    Notes.Add($"{cs.Label} matches the installed header's {c.Size}-byte struct {c.Name}; NewerThanInstalledHeaders has a {n.Size}-byte form it does not use");
                return;
            }
            if (n is null)
            {
                var hint = cs.Size > c.Size
                    ? $" (C# is {cs.Size} bytes, the header {c.Size}: if the kernel grew it after the installed headers, add a row with the FACTS.md layout to NewerThanInstalledHeaders)"
                    : "";
                StructFailures.Add($"{cs.Label} vs struct {c.Name}{hint}:\n    " + string.Join("\n    ", vsHeader));
                return;
            }
            // Newer than the header: the header's struct must be a prefix of the C# one (every header field at the same place).
            StructsVsHeaders++;
            StructsGrown++;
            foreach (var hf in c.Fields)
            {
                FieldsCompared++;
                var f = cs.Fields.FirstOrDefault(x => Key(x.Name) == Key(hf.Name));
                if (f is null)
                    StructFailures.Add($"{cs.Label}: header field {c.Name}.{hf.Name} (@{hf.Offset}) has no C# field, so the header struct is not a prefix of it");
                else if (f.Offset != hf.Offset || f.Size != hf.Size)
                    StructFailures.Add($"{cs.Label}.{f.Name}: @{f.Offset}:{f.Size}, header {c.Name}.{hf.Name} @{hf.Offset}:{hf.Size}; the header struct must be a prefix");
            }
            if (cs.Size < c.Size)
                StructFailures.Add($"{cs.Label}: {cs.Size} bytes, smaller than the header's {c.Size}");
        }

        // Checked against the FACTS.md row.
        StructsVsTable++;
        FieldsCompared += n!.Fields.Count;
        var vsTable = Diff(cs, n.Size, n.Fields, n.Trailing);
        if (vsTable.Count > 0)
            StructFailures.Add($"{cs.Label} vs NewerThanInstalledHeaders {n.CName} ({n.Why}):\n    " + string.Join("\n    ", vsTable));
    }

    private static List<string> Diff(CsStruct cs, int size, IReadOnlyList<LayoutField> fields, IReadOnlyList<LayoutField> trailing)
    {
        var d = new List<string>();
        if (cs.Size != size)
            d.Add($"size {cs.Size}, expected {size}");
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in fields)
        {
            var f = cs.Fields.FirstOrDefault(x => Key(x.Name) == Key(e.Name));
            if (f is null)
            {
                d.Add($"field {e.Name} (@{e.Offset}, {e.Size} bytes) has no C# field");
                continue;
            }
            matched.Add(f.Name);
            if (f.Offset != e.Offset)
                d.Add($"field {f.Name} at offset {f.Offset}, expected {e.Offset} ({e.Name})");
            if (f.Size != e.Size)
                d.Add($"field {f.Name} is {f.Size} bytes, expected {e.Size} ({e.Name})");
        }
        foreach (var t in trailing)
        {
            // A trailing flexible array needs no C# field; if the binding has one, it must start at the same place.
            var f = cs.Fields.FirstOrDefault(x => Key(x.Name) == Key(t.Name));
            if (f is null)
                continue;
            matched.Add(f.Name);
            if (f.Offset != t.Offset)
                d.Add($"field {f.Name} (trailing array {t.Name}) at offset {f.Offset}, expected {t.Offset}");
        }
        foreach (var f in cs.Fields)
            if (!matched.Contains(f.Name))
                d.Add($"C# field {f.Name} (@{f.Offset}, {f.Size} bytes) has no counterpart");
        return d;
    }

    // ------------------------------------------------------------------ ioctls and constants

    private static bool LooksLikeIoctl(string name) =>
        name.Contains("_IOCTL_", StringComparison.Ordinal) || name.StartsWith("SYNC_IOC_", StringComparison.Ordinal) ||
        name.StartsWith("SYNCOBJ_IOC_", StringComparison.Ordinal) || name.StartsWith("UDMABUF_CREATE", StringComparison.Ordinal) ||
        name.StartsWith("DMA_BUF_SET_NAME", StringComparison.Ordinal);

    private void CompareConstant(CsConstant k)
    {
        var isCIoctl = Layout.Ioctls.TryGetValue(k.Name, out var cStructName);
        _newerIoctls.TryGetValue(k.Name, out var newer);
        if (!isCIoctl && newer is null)
        {
            if (Layout.Constants.TryGetValue(k.Name, out var cv))
            {
                ConstantsCompared++;
                if (k.Number != cv)
                    ConstantFailures.Add($"{k.Owner}.{k.Name} = {k.Number}, header {cv}");
            }
            else if (_newerConstants.TryGetValue(k.Name, out var nc))
            {
                ConstantsCompared++;
                if (k.Number != nc.Value)
                    ConstantFailures.Add($"{k.Owner}.{k.Name} = {k.Number}, NewerThanInstalledHeaders (FACTS.md) says {nc.Value}");
            }
            else if (LooksLikeIoctl(k.Name))
                IoctlFailures.Add($"{k.Owner}.{k.Name}: an ioctl with no counterpart in layout.json nor in NewerThanInstalledHeaders.Ioctls");
            else
                Unverified.Add($"{k.Owner}.{k.Name}");
            return;
        }

        IoctlsCompared++;
        if (k.Value is not uint value)
        {
            IoctlFailures.Add($"{k.Owner}.{k.Name} is {k.Value.GetType().Name}; ioctl numbers are const uint");
            return;
        }

        if (isCIoctl)
        {
            var header = (uint)Layout.Constants[k.Name];
            var expected = header;
            string why = "";
            if (Ioc.Dir(header) != Ioc.None && cStructName is not null && _csByKey.TryGetValue(Key(cStructName), out var s) && s.Size != Ioc.Size(header))
            {
                expected = Ioc.Encode(Ioc.Dir(header), Ioc.Type(header), Ioc.Nr(header), (uint)s.Size);
                why = $" (header 0x{header:X8} with its size bits replaced by sizeof({s.Label}) = {s.Size})";
            }
            if (value != expected)
                IoctlFailures.Add($"{k.Owner}.{k.Name} = 0x{value:X8}, expected 0x{expected:X8}{why}");
            else if (expected != header && newer?.Value != value)
                IoctlFailures.Add($"{k.Owner}.{k.Name} = 0x{value:X8} differs from the header's 0x{header:X8}{why}; " +
                                  "a grown ioctl needs a NewerThanInstalledHeaders.Ioctls row with its FACTS.md value");
            return;
        }

        if (value != newer!.Value)
            IoctlFailures.Add($"{k.Owner}.{k.Name} = 0x{value:X8}, NewerThanInstalledHeaders (FACTS.md) says 0x{newer.Value:X8}");
        if (Ioc.Dir(value) != Ioc.None && newer.CStruct is not null && _csByKey.TryGetValue(Key(newer.CStruct), out var cs) && cs.Size != Ioc.Size(value))
            IoctlFailures.Add($"{k.Owner}.{k.Name} = 0x{value:X8} encodes {Ioc.Size(value)} bytes, but sizeof({cs.Label}) is {cs.Size}");
    }

    // ------------------------------------------------------------------ the table itself

    private void CheckTable()
    {
        foreach (var n in NewerThanInstalledHeaders.Structs)
        {
            var end = 0;
            foreach (var f in n.Fields)
            {
                if (f.Offset < end)
                    TableFailures.Add($"{n.CName}.{f.Name} @{f.Offset} overlaps the previous field (ends at {end})");
                if (f.Offset % Math.Min(f.Size, 8) != 0 && f.Size is 2 or 4 or 8)
                    TableFailures.Add($"{n.CName}.{f.Name} @{f.Offset} is misaligned for {f.Size} bytes");
                end = f.Offset + f.Size;
            }
            if (end > n.Size)
                TableFailures.Add($"{n.CName}: fields end at {end}, past its size {n.Size}");
            foreach (var t in n.Trailing)
                if (t.Offset < end)
                    TableFailures.Add($"{n.CName}: trailing {t.Name} @{t.Offset} overlaps the fields");

            if (Layout.Structs.TryGetValue(n.CName, out var c))
            {
                if (c.Size > n.Size)
                    TableFailures.Add($"{n.CName}: the installed header's struct ({c.Size}) is larger than the table's ({n.Size})");
                foreach (var hf in c.Fields)
                {
                    var tf = n.Fields.FirstOrDefault(x => Key(x.Name) == Key(hf.Name));
                    if (tf is null || tf.Offset != hf.Offset || tf.Size != hf.Size)
                        TableFailures.Add($"{n.CName}.{hf.Name}: header @{hf.Offset}:{hf.Size}, table {(tf is null ? "has no such field" : $"@{tf.Offset}:{tf.Size}")}");
                }
                if (c.Size == n.Size && c.Fields.Count == n.Fields.Count)
                    Notes.Add($"NewerThanInstalledHeaders row {n.CName} is identical to the installed header; it can go");
            }
        }

        foreach (var i in NewerThanInstalledHeaders.Ioctls)
        {
            if (Layout.Ioctls.ContainsKey(i.Name))
            {
                var header = (uint)Layout.Constants[i.Name];
                if (Ioc.Dir(header) != Ioc.Dir(i.Value) || Ioc.Type(header) != Ioc.Type(i.Value) || Ioc.Nr(header) != Ioc.Nr(i.Value))
                    TableFailures.Add($"{i.Name}: table 0x{i.Value:X8} and header 0x{header:X8} differ in more than the size bits");
            }
            if (i.CStruct is not null && Ioc.Dir(i.Value) != Ioc.None && _newerByKey.TryGetValue(Key(i.CStruct), out var n) && n.Size != Ioc.Size(i.Value))
                TableFailures.Add($"{i.Name}: table 0x{i.Value:X8} encodes {Ioc.Size(i.Value)} bytes, the table's {n.CName} is {n.Size}");
        }

        foreach (var k in NewerThanInstalledHeaders.Constants)
            if (Layout.Constants.TryGetValue(k.Name, out var cv) && cv != k.Value)
                TableFailures.Add($"{k.Name}: table {k.Value}, header {cv}");
    }
}
