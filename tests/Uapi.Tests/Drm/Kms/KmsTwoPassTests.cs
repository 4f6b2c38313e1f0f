using Uapi.Backends;
using Uapi.Backends.Loopback;
using Uapi.Backends.Loopback.Drm;
using Uapi.Drm;
using Uapi.Drm.Kms;
using Uapi.Raw.Kms;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Tests;

/// <summary>
/// The two-pass KMS reads when the kernel's answer changes between passes (hotplug, a probe by another client).
/// The real kernel cannot be made to do that on cue, so these run on a private loopback whose model is changed
/// from inside the ioctl, between the two passes.
/// </summary>
public sealed class KmsTwoPassTests
{
    /// <summary>
    /// The standard loopback's virtio-gpu primary node (card1 on the 6.1 layout, card2 on 6.12's, where vkms is card1),
    /// found by driver name, with its connector probed once (as a compositor would have).
    /// </summary>
    private static (LoopbackBackend Backend, KmsModel Kms, string Card) Loopback()
    {
        var lb = LoopbackBackend.Standard();
        var node = lb.EnumerateNodes().Where(n => n.Kind == DeviceNodeKind.DrmPrimary).Select(n => (DrmNode)lb.FindNode(n.Path)!)
            .Single(n => n.Device.DriverName == "virtio_gpu");
        var kms = node.Device.Kms!;
        kms.Connectors[0].Probe();
        return (lb, kms, node.Path);
    }

    private static int Count(List<uint> calls, uint nr) => calls.Count(n => n == nr);

    [Fact]
    public void GetKmsResources_ConnectorHotpluggedBetweenPasses_RetriesAndListsIt()
    {
        var (lb, kms, card) = Loopback();
        var calls = new List<uint>();
        kms.BeforeIoctl = nr =>
        {
            calls.Add(nr);
            // After the counting pass: an MST port appears.
            if (nr == 0xA0 && Count(calls, 0xA0) == 2) kms.AddConnector(KmsConnectorType.DisplayPort, kms.Encoders);
        };
        using var dev = DrmDevice.Open(card, lb);

        var res = dev.GetKmsResources();

        Assert.Equal(3, Count(calls, 0xA0)); // count, fill (cut short), fill again
        Assert.Equal(2, res.Connectors.Count);
        Assert.Equal(kms.Connectors.Select(c => c.Id), res.Connectors.Select(c => c.Value));
        Assert.Equal("DP-1", dev.GetConnector(res.Connectors[1]).Name);
    }

    [Fact]
    public void GetConnector_ModesGrowBetweenPasses_RetriesWithTheNewCount()
    {
        var (lb, kms, card) = Loopback();
        var conn = kms.Connectors[0];
        var extra = new KmsMode("720x400", 28320, 720, 738, 846, 900, 0, 400, 412, 414, 449, 0, 70, KmsModeFlags.NHSync | KmsModeFlags.PVSync, KmsModeType.Driver);
        var calls = new List<uint>();
        kms.BeforeIoctl = nr =>
        {
            calls.Add(nr);
            // Between the probe pass and the fill pass, another client's probe finds one more mode.
            if (nr == 0xA7 && Count(calls, 0xA7) == 2) { conn.SinkModes.Add(extra); conn.Probe(); }
        };
        using var dev = DrmDevice.Open(card, lb);
        int before = conn.Modes.Count;

        var c = dev.GetConnector(new ConnectorId(conn.Id), probe: true);

        Assert.Equal(3, Count(calls, 0xA7));
        Assert.Equal(before + 1, c.Modes.Count);
        Assert.Contains(c.Modes, m => m.Name == "720x400" && m.VRefresh == 70);
        Assert.True(c.Modes[0].IsPreferred);
    }

    [Fact]
    public void GetKmsResources_CountsThatNeverSettle_FailWithEagainNamingTheIoctl()
    {
        var (lb, kms, card) = Loopback();
        kms.BeforeIoctl = nr => { if (nr == 0xA0) kms.AddConnector(KmsConnectorType.DisplayPort, kms.Encoders); };
        using var dev = DrmDevice.Open(card, lb);

        var e = Assert.Throws<UapiException>(() => dev.GetKmsResources());

        Assert.Equal(Errno.EAGAIN, e.Errno);
        Assert.Equal(nameof(DRM_IOCTL_MODE_GETRESOURCES), e.Operation);
        Assert.Equal(card, e.DevicePath);
    }

    [Fact]
    public void Snapshot_ConnectorUnpluggedAfterGetResources_IsLeftOut()
    {
        var (lb, kms, card) = Loopback();
        var mst = kms.AddConnector(KmsConnectorType.DisplayPort, kms.Encoders);
        kms.BeforeIoctl = nr => { if (nr == 0xA7 && kms.Connectors.Contains(mst)) kms.RemoveConnector(mst); };
        using var dev = DrmDevice.Open(card, lb);

        var s = KmsSnapshot.Read(dev);

        Assert.Equal(2, s.Resources.Connectors.Count);
        // Connector indexes count across devices: vkms's connector, registered first, is Virtual-1.
        Assert.Equal(["Virtual-2"], s.Connectors.Select(c => c.Name));
    }

    [Fact]
    public void Probe_ByTheMaster_SeesANewSink_ButACurrentStateReadOrANonMasterDoesNot()
    {
        var (lb, kms, card) = Loopback();
        var conn = kms.Connectors[0];
        using var master = DrmDevice.Open(card, lb);   // first opener of the primary node
        using var other = DrmDevice.Open(card, lb);
        var id = new ConnectorId(conn.Id);
        int before = conn.Modes.Count;
        conn.SinkModes.RemoveAt(conn.SinkModes.Count - 1);  // the display now offers one mode fewer

        Assert.Equal(before, master.GetConnector(id, probe: false).Modes.Count);
        Assert.Equal(before, other.GetConnector(id, probe: true).Modes.Count); // not master: no probe
        Assert.Equal(before - 1, master.GetConnector(id, probe: true).Modes.Count);
        Assert.Equal(before - 1, other.GetConnector(id, probe: false).Modes.Count);
    }
}
