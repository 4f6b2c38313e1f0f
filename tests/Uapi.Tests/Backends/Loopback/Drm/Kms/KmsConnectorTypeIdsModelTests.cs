using Uapi.Backends;
using Uapi.Backends.Loopback;
using Uapi.Backends.Loopback.Drm;
using Uapi.Drm;
using Uapi.Raw.Kms;

namespace Uapi.Tests;

/// <summary>
/// Connector indexes as drm_connector.c numbers them: one ida per connector type for the whole kernel, so a device's
/// "Virtual-N" counts the Virtual connectors of every device registered before it (6.12 VM: vkms Virtual-1, virtio-gpu
/// Virtual-2).
/// </summary>
public sealed class KmsConnectorTypeIdsModelTests
{
    private static KmsModel Device(KmsConnectorTypeIdsModel? ids) => new(32, 32, 8192, 8192, ids);

    [Fact]
    public void AddConnector_OnTwoDevicesOfOneKernel_NumbersEachTypeAcrossBoth()
    {
        var ids = new KmsConnectorTypeIdsModel();
        var first = Device(ids);
        var second = Device(ids);
        var a = first.AddConnector(KmsConnectorType.Virtual, []);
        var b = second.AddConnector(KmsConnectorType.Virtual, []);
        var dp = second.AddConnector(KmsConnectorType.DisplayPort, []);
        var c = first.AddConnector(KmsConnectorType.Virtual, []);
        Assert.Equal([1u, 2u, 3u], new[] { a.TypeId, b.TypeId, c.TypeId });
        Assert.Equal(1u, dp.TypeId); // each type counts on its own
    }

    [Fact]
    public void AddConnector_WithoutASharedTable_NumbersFromOneAsIfAlone()
    {
        var first = Device(null);
        var second = Device(null);
        Assert.Equal(1u, first.AddConnector(KmsConnectorType.Virtual, []).TypeId);
        Assert.Equal(1u, second.AddConnector(KmsConnectorType.Virtual, []).TypeId);
    }

    [Fact]
    public void RemoveConnector_FreesItsIndex_ForTheNextConnectorOfThatType_OnAnyDevice()
    {
        var ids = new KmsConnectorTypeIdsModel();
        var first = Device(ids);
        var second = Device(ids);
        var mst1 = first.AddConnector(KmsConnectorType.DisplayPort, []);
        var mst2 = first.AddConnector(KmsConnectorType.DisplayPort, []);
        first.RemoveConnector(mst1);
        first.RemoveConnector(mst1); // a second removal frees nothing more
        Assert.Equal(1u, second.AddConnector(KmsConnectorType.DisplayPort, []).TypeId); // ida_alloc_min: lowest free
        Assert.Equal(3u, second.AddConnector(KmsConnectorType.DisplayPort, []).TypeId);
        Assert.Equal(2u, mst2.TypeId);
    }

    public static TheoryData<string> Profiles => ["6.1", "6.12"];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void StandardDevices_VirtioGpuScanout_IsVirtual2OnlyWhereVkmsRegisteredFirst(string profile)
    {
        var lb = LoopbackBackend.Standard(profile == "6.1" ? StandardDeviceOptions.TestKernel61 : StandardDeviceOptions.TestKernel612);
        var names = new Dictionary<string, string>();
        foreach (var node in lb.EnumerateNodes().Where(n => n.Kind == DeviceNodeKind.DrmPrimary))
        {
            using var dev = DrmDevice.Open(node.Path, lb);
            if (dev.TryGetKmsResources(out var r) != Errno.None) continue; // vgem: no KMS
            names[dev.Version().Name] = dev.GetConnector(r!.Connectors[0]).Name;
        }
        if (profile == "6.1")
            Assert.Equal(new Dictionary<string, string> { ["virtio_gpu"] = "Virtual-1" }, names);
        else
            Assert.Equal(new Dictionary<string, string> { ["vkms"] = "Virtual-1", ["virtio_gpu"] = "Virtual-2" }, names);
    }
}
