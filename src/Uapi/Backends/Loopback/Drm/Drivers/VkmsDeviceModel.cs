using Uapi.Raw;
using Uapi.Raw.Kms;

namespace Uapi.Backends.Loopback.Drm;

/// <summary>
/// vkms (drivers/gpu/drm/vkms), the virtual KMS driver, as our 6.12 test kernel shows it (with vkms.enable_overlay=1):
/// a platform device with a primary node only (no render node), DRIVER_MODESET | DRIVER_ATOMIC | DRIVER_GEM over shmem,
/// and one output (vkms_output_init): a primary plane, <see cref="OverlayPlanes"/> overlay planes and a cursor plane
/// (formats AR24 XR24 XR48 AR48 RG16), one CRTC with a 256-entry gamma LUT, a Virtual connector whose modes are the
/// DMT modes up to 8192x8192 (drm_add_modes_noedid, 1024x768 preferred, no EDID, 0x0 mm) and its Virtual encoder, and
/// the writeback connector with an encoder of its own, which GETRESOURCES lists only with the WRITEBACK_CONNECTORS cap.
/// Nothing lights the CRTC at boot (no fbdev). Object ids are the ones 6.12 gave: planes 32..59 (each plane's
/// IN_FORMATS blob and rotation property follow it), CRTC 62, connector 63, encoders 64 and 65. Only read-only KMS is
/// modelled.
/// </summary>
public sealed class VkmsDeviceModel : DrmDeviceModel
{
    public const string Name = "vkms";

    /// <summary>NUM_OVERLAY_PLANES, when vkms.enable_overlay=1.</summary>
    public const int OverlayPlanes = 8;

    /// <param name="connectorTypeIds">The kernel's connector indexes (<see cref="LoopbackBackend.ConnectorTypeIds"/>).</param>
    /// <param name="overlay">vkms.enable_overlay (off by default in the module; our VM turns it on).</param>
    public VkmsDeviceModel(KmsConnectorTypeIdsModel? connectorTypeIds = null, bool overlay = true)
        : base(Name, "20180514", "Virtual Kernel Mode Setting", 1, 0, 0, DrmDriverFeatures.Gem | DrmDriverFeatures.Modeset | DrmDriverFeatures.Atomic)
    {
        Kms = BuildKms(connectorTypeIds, overlay);
        Bus = SysfsDevice.Platform(Name); // platform_device_register_simple(): no platform driver binds it
        PreferredDepth = 0;
        CursorWidth = 512;
        CursorHeight = 512;
    }

    private static readonly Fourcc[] Formats =
        [Fourcc.Argb8888, Fourcc.Xrgb8888, Fourcc.From("XR48"), Fourcc.From("AR48"), Fourcc.From("RG16")];

    /// <summary>vkms_output_init() on top of drm_mode_config_init(), in the kernel's order, so ids come out as 6.12 numbers them.</summary>
    private static KmsModel BuildKms(KmsConnectorTypeIdsModel? connectorTypeIds, bool overlay)
    {
        var kms = new KmsModel(minWidth: 10, minHeight: 10, maxWidth: 8192, maxHeight: 8192, connectorTypeIds);
        // drm_mode_config_init()'s standard properties take ids 1..31; the ones a connector shows are modelled.
        var dpms = kms.AddProperty("DPMS");
        var linkStatus = kms.AddProperty("link-status");
        var nonDesktop = kms.AddProperty("non-desktop");
        var tile = kms.AddProperty("TILE");
        var crtcId = kms.AddProperty("CRTC_ID", atomicOnly: true);
        while (kms.AddOpaqueObject("standard property") < 31) { }

        KmsPlaneModel Plane(KmsPlaneKind kind)
        {
            var p = kms.AddPlane(kind, possibleCrtcs: 0x1, Formats);
            kms.AddOpaqueObject("IN_FORMATS blob");
            kms.AddOpaqueObject("rotation property"); // drm_plane_create_rotation_property() makes one per plane
            return p;
        }
        var primary = Plane(KmsPlaneKind.Primary);
        if (overlay)
            for (int i = 0; i < OverlayPlanes; i++) Plane(KmsPlaneKind.Overlay);
        var cursor = Plane(KmsPlaneKind.Cursor);
        kms.AddCrtc(primary, cursor, gammaSize: 256);

        // drm_connector_init() comes before drm_encoder_init(), so the connector's id is the lower one.
        var encoders = new List<KmsEncoderModel>();
        var connector = kms.AddConnector(KmsConnectorType.Virtual, encoders);
        encoders.Add(kms.AddEncoder(KmsEncoderType.Virtual, possibleCrtcs: 0x1));
        connector.Connection = KmsConnection.Connected; // no detect(): always connected
        connector.SinkModes.AddRange(DmtModes);
        connector.Properties.AddRange([(dpms, 0), (linkStatus, 0), (nonDesktop, 0), (tile, 0), (crtcId, 0)]);

        // vkms_enable_writeback_connector(): drm_writeback_connector_init() makes the encoder, then its properties
        // and pixel-format blob, then the connector.
        var wbEncoder = kms.AddEncoder(KmsEncoderType.Virtual, possibleCrtcs: 0x1);
        var wbFbId = kms.AddProperty("WRITEBACK_FB_ID", atomicOnly: true);
        var wbFormats = kms.AddProperty("WRITEBACK_PIXEL_FORMATS", atomicOnly: true);
        var wbOutFence = kms.AddProperty("WRITEBACK_OUT_FENCE_PTR", atomicOnly: true);
        uint formatsBlob = kms.AddOpaqueObject("writeback pixel formats blob");
        var writeback = kms.AddConnector(KmsConnectorType.Writeback, [wbEncoder]);
        writeback.Connection = KmsConnection.Connected;
        writeback.SinkModes.AddRange(DmtModes.Select(m => m with { Type = KmsModeType.Driver })); // no preferred mode
        writeback.Properties.AddRange([(dpms, 0), (linkStatus, 0), (nonDesktop, 0), (tile, 0), (crtcId, 0),
            (wbOutFence, 0), (wbFbId, 0), (wbFormats, formatsBlob)]);
        return kms;
    }

    private const KmsModeFlags PP = KmsModeFlags.PHSync | KmsModeFlags.PVSync;
    private const KmsModeFlags NN = KmsModeFlags.NHSync | KmsModeFlags.NVSync;
    private const KmsModeFlags PN = KmsModeFlags.PHSync | KmsModeFlags.NVSync;
    private const KmsModeFlags NP = KmsModeFlags.NHSync | KmsModeFlags.PVSync;
    private const KmsModeType P = KmsModeType.Preferred | KmsModeType.Driver;
    private const KmsModeType D = KmsModeType.Driver;

    /// <summary>drm_add_modes_noedid(8192, 8192) + 1024x768 preferred: the 34 modes GETCONNECTOR gave on 6.12, in its order.</summary>
    private static readonly KmsMode[] DmtModes =
    [
        new("1024x768", 65000, 1024, 1048, 1184, 1344, 0, 768, 771, 777, 806, 0, 60, NN, P),
        new("4096x2160", 556744, 4096, 4104, 4136, 4176, 0, 2160, 2208, 2216, 2222, 0, 60, PN, D),
        new("4096x2160", 556188, 4096, 4104, 4136, 4176, 0, 2160, 2208, 2216, 2222, 0, 60, PN, D),
        new("2560x1600", 348500, 2560, 2752, 3032, 3504, 0, 1600, 1603, 1609, 1658, 0, 60, NP, D),
        new("2560x1600", 268500, 2560, 2608, 2640, 2720, 0, 1600, 1603, 1609, 1646, 0, 60, PN, D),
        new("1920x1440", 234000, 1920, 2048, 2256, 2600, 0, 1440, 1441, 1444, 1500, 0, 60, NP, D),
        new("1856x1392", 218250, 1856, 1952, 2176, 2528, 0, 1392, 1393, 1396, 1439, 0, 60, NP, D),
        new("1792x1344", 204750, 1792, 1920, 2120, 2448, 0, 1344, 1345, 1348, 1394, 0, 60, NP, D),
        new("2048x1152", 162000, 2048, 2074, 2154, 2250, 0, 1152, 1153, 1156, 1200, 0, 60, PP, D),
        new("1920x1200", 193250, 1920, 2056, 2256, 2592, 0, 1200, 1203, 1209, 1245, 0, 60, NP, D),
        new("1920x1200", 154000, 1920, 1968, 2000, 2080, 0, 1200, 1203, 1209, 1235, 0, 60, PN, D),
        new("1920x1080", 148500, 1920, 2008, 2052, 2200, 0, 1080, 1084, 1089, 1125, 0, 60, NN, D),
        new("1600x1200", 162000, 1600, 1664, 1856, 2160, 0, 1200, 1201, 1204, 1250, 0, 60, PP, D),
        new("1680x1050", 146250, 1680, 1784, 1960, 2240, 0, 1050, 1053, 1059, 1089, 0, 60, NP, D),
        new("1680x1050", 119000, 1680, 1728, 1760, 1840, 0, 1050, 1053, 1059, 1080, 0, 60, PN, D),
        new("1400x1050", 121750, 1400, 1488, 1632, 1864, 0, 1050, 1053, 1057, 1089, 0, 60, NP, D),
        new("1400x1050", 101000, 1400, 1448, 1480, 1560, 0, 1050, 1053, 1057, 1080, 0, 60, PN, D),
        new("1600x900", 108000, 1600, 1624, 1704, 1800, 0, 900, 901, 904, 1000, 0, 60, PP, D),
        new("1280x1024", 108000, 1280, 1328, 1440, 1688, 0, 1024, 1025, 1028, 1066, 0, 60, PP, D),
        new("1440x900", 106500, 1440, 1520, 1672, 1904, 0, 900, 903, 909, 934, 0, 60, NP, D),
        new("1440x900", 88750, 1440, 1488, 1520, 1600, 0, 900, 903, 909, 926, 0, 60, PN, D),
        new("1280x960", 108000, 1280, 1376, 1488, 1800, 0, 960, 961, 964, 1000, 0, 60, PP, D),
        new("1366x768", 85500, 1366, 1436, 1579, 1792, 0, 768, 771, 774, 798, 0, 60, PP, D),
        new("1366x768", 72000, 1366, 1380, 1436, 1500, 0, 768, 769, 772, 800, 0, 60, PP, D),
        new("1360x768", 85500, 1360, 1424, 1536, 1792, 0, 768, 771, 777, 795, 0, 60, PP, D),
        new("1280x800", 83500, 1280, 1352, 1480, 1680, 0, 800, 803, 809, 831, 0, 60, NP, D),
        new("1280x800", 71000, 1280, 1328, 1360, 1440, 0, 800, 803, 809, 823, 0, 60, PN, D),
        new("1280x768", 79500, 1280, 1344, 1472, 1664, 0, 768, 771, 778, 798, 0, 60, NP, D),
        new("1280x768", 68250, 1280, 1328, 1360, 1440, 0, 768, 771, 778, 790, 0, 60, PN, D),
        new("1280x720", 74250, 1280, 1390, 1430, 1650, 0, 720, 725, 730, 750, 0, 60, PP, D),
        new("800x600", 40000, 800, 840, 968, 1056, 0, 600, 601, 605, 628, 0, 60, PP, D),
        new("800x600", 36000, 800, 824, 896, 1024, 0, 600, 601, 603, 625, 0, 56, PP, D),
        new("848x480", 33750, 848, 864, 976, 1088, 0, 480, 486, 494, 517, 0, 60, PP, D),
        new("640x480", 25175, 640, 656, 752, 800, 0, 480, 490, 492, 525, 0, 60, NN, D),
    ];
}
