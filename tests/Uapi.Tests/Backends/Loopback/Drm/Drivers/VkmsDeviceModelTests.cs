using Uapi.Backends.Loopback;
using Uapi.Backends.Loopback.Drm;
using Uapi.Drm;
using Uapi.Drm.Kms;
using Uapi.Raw.Kms;

namespace Uapi.Tests;

/// <summary>vkms's read-only KMS state on the 6.12 profile, as `uapi kms` showed it in vm-612 (vkms.enable_overlay=1).</summary>
public sealed class VkmsDeviceModelTests
{
    private const string Card = "/dev/dri/card1";

    private static LoopbackBackend Loopback() => LoopbackBackend.Standard(StandardDeviceOptions.TestKernel612);

    [Fact]
    public void Card1_IsVkms_APrimaryNodeOnly_WithItsCaps()
    {
        var lb = Loopback();
        using var dev = DrmDevice.Open(Card, lb);
        var v = dev.Version();
        Assert.Equal(("vkms", 1, 0, 0, "0", "Virtual Kernel Mode Setting"), (v.Name, v.Major, v.Minor, v.Patchlevel, v.Date, v.Description));
        Assert.Equal(3UL, dev.GetCap(DrmCapability.Prime));
        Assert.Equal(1UL, dev.GetCap(DrmCapability.DumbBuffer));
        Assert.Equal(0UL, dev.GetCap(DrmCapability.Syncobj));
        Assert.Equal(0UL, dev.GetCap(DrmCapability.SyncobjTimeline));
        Assert.Equal(1UL, dev.GetCap(DrmCapability.TimestampMonotonic));
        var info = DrmEnumerator.Enumerate(lb).Single(d => d.DriverName == "vkms");
        Assert.Equal([Card], info.Nodes.Select(n => n.Path));
        Assert.Equal(DrmBusType.Platform, info.Bus);
        Assert.Null(info.BoundDriver);
    }

    [Fact]
    public void GetResources_ListsOneCrtcTheVirtualConnectorAndBothEncoders_WithThe612Ids()
    {
        using var dev = DrmDevice.Open(Card, Loopback());
        var r = dev.GetKmsResources();
        Assert.Equal((10u, 10u, 8192u, 8192u), (r.MinWidth, r.MinHeight, r.MaxWidth, r.MaxHeight));
        Assert.Equal([62u], r.Crtcs.Select(c => c.Value));
        Assert.Equal([63u], r.Connectors.Select(c => c.Value)); // the writeback connector is hidden without the cap
        Assert.Equal([64u, 65u], r.Encoders.Select(e => e.Value));
        foreach (var id in r.Encoders)
        {
            var e = dev.GetEncoder(id);
            Assert.Equal(KmsEncoderType.Virtual, e.Type);
            Assert.Null(e.Crtc);
            Assert.Equal([id], r.EncodersIn(e.PossibleClones));
            Assert.Equal(r.Crtcs, r.CrtcsIn(e.PossibleCrtcs));
        }
        var crtc = dev.GetCrtc(r.Crtcs[0]);
        Assert.Equal(256u, crtc.GammaSize);
        Assert.Null(crtc.Mode); // no fbdev lights it
        Assert.Null(crtc.Framebuffer);
    }

    [Fact]
    public void GetConnector_ByTheMaster_IsVirtual1_Connected_0x0mm_With34DmtModes_1024x768Preferred()
    {
        using var dev = DrmDevice.Open(Card, Loopback());
        var c = dev.GetConnector(dev.GetKmsResources().Connectors[0], probe: true);
        Assert.Equal("Virtual-1", c.Name);
        Assert.Equal(KmsConnection.Connected, c.Connection);
        Assert.Equal((0u, 0u), (c.MmWidth, c.MmHeight));
        Assert.Equal(34, c.Modes.Count);
        Assert.Equal(("1024x768", 65000u, 60u), (c.Modes[0].Name, c.Modes[0].Clock, c.Modes[0].VRefresh));
        Assert.True(c.Modes[0].IsPreferred);
        Assert.Single(c.Modes, m => m.IsPreferred);
        Assert.Equal("640x480", c.Modes[^1].Name);
        Assert.Equal([new EncoderId(64)], c.Encoders);
        Assert.Null(c.Encoder);
        Assert.Equal(4u, c.PropertyCount); // DPMS, link-status, non-desktop, TILE; no EDID on a Virtual connector
    }

    [Fact]
    public void Planes_AreAPrimaryEightOverlaysAndACursor_AllWithVkmsFormats()
    {
        var lb = Loopback();
        using var dev = DrmDevice.Open(Card, lb);
        dev.SetClientCap(DrmClientCapability.UniversalPlanes);
        var ids = dev.GetPlaneIds();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 32u + 3u * (uint)i), ids.Select(p => p.Value));
        foreach (var id in ids)
        {
            var p = dev.GetPlane(id);
            Assert.Equal("AR24 XR24 XR48 AR48 RG16", string.Join(" ", p.Formats));
            Assert.Equal(0x1u, p.PossibleCrtcs);
            Assert.Null(p.Crtc);
        }
        var kms = ((DrmNode)lb.FindNode(Card)!).Device.Kms!;
        Assert.Equal([KmsPlaneKind.Primary, .. Enumerable.Repeat(KmsPlaneKind.Overlay, 8), KmsPlaneKind.Cursor], kms.Planes.Select(p => p.Kind));
    }

    [Fact]
    public void WritebackConnector_IsListedOnlyWithTheCap_AsWriteback1_OnItsOwnEncoder()
    {
        using var dev = DrmDevice.Open(Card, Loopback());
        dev.SetClientCap(DrmClientCapability.Atomic);
        dev.SetClientCap(DrmClientCapability.WritebackConnectors);
        var r = dev.GetKmsResources();
        Assert.Equal(2, r.Connectors.Count);
        var wb = dev.GetConnector(r.Connectors[1]);
        Assert.Equal("Writeback-1", wb.Name);
        Assert.Equal([new EncoderId(65)], wb.Encoders);
        Assert.DoesNotContain(wb.Modes, m => m.IsPreferred);
    }

    [Fact]
    public void WithoutOverlays_HasOnlyThePrimaryAndCursorPlanes_AndAloneNumbersItsConnectorOne()
    {
        var kms = new VkmsDeviceModel(overlay: false).Kms!;
        Assert.Equal([KmsPlaneKind.Primary, KmsPlaneKind.Cursor], kms.Planes.Select(p => p.Kind));
        Assert.Single(kms.Crtcs);
        Assert.Equal(1u, kms.Connectors[0].TypeId); // alone in its kernel
    }
}
