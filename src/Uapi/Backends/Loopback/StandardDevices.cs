using Uapi.Backends.Loopback.Drm;
using Uapi.Backends.Loopback.Vfio;
using Uapi.Raw.Kms;
using Uapi.Raw;

namespace Uapi.Backends.Loopback;

/// <summary>The loopback's default device set: what our test VM has, so the same cases run on both.</summary>
internal static class StandardDevices
{
    public const uint DrmMajor = 226;
    public const uint AccelMajor = 261;
    public const uint MiscMajor = 10;
    public const uint VfioMinor = 196; // VFIO_MINOR, a fixed misc minor

    /// <summary>
    /// The dynamic numbers each lean test kernel gave (misc minors, dynamic majors, the edu device's IOMMU group), as
    /// measured in vm-test and vm-612: 6.1 hands out misc minors from 127 down and 6.12 from 256 up, and the dynamic
    /// majors depend on which drivers registered first. The StandardDevicesCases conformance case compares them.
    /// </summary>
    private sealed record Numbers(uint DmaHeapMajor, uint VfioGroupMajor, uint VfioDeviceMajor, uint UdmabufMinor, uint IommuMinor, int EduGroup);

    private static readonly Numbers Linux61Numbers = new(DmaHeapMajor: 254, VfioGroupMajor: 251, VfioDeviceMajor: 0, UdmabufMinor: 126, IommuMinor: 0, EduGroup: 1);
    private static readonly Numbers Linux612Numbers = new(DmaHeapMajor: 254, VfioGroupMajor: 250, VfioDeviceMajor: 249, UdmabufMinor: 258, IommuMinor: 257, EduGroup: 1);

    /// <summary>
    /// The VM's nodes for the profile's kernel. 6.1: card0 + renderD128 vgem, card1 + renderD129 virtio-gpu, the edu
    /// device's group at /dev/vfio/1. 6.12 (the lean test kernel): card0 + renderD128 vgem, card1 vkms (no render
    /// node), card2 + renderD129 virtio-gpu (with syncobj), the group at /dev/vfio/1, and the iommufd side:
    /// /dev/iommu and /dev/vfio/devices/vfio0.
    /// </summary>
    public static void AddTo(LoopbackBackend lb, StandardDeviceOptions options)
    {
        bool is612 = options.Kernel >= StandardDeviceOptions.Linux612;
        var numbers = is612 ? Linux612Numbers : Linux61Numbers;
        var syncobjFeatures = DrmDriverFeatures.Syncobj | DrmDriverFeatures.SyncobjTimeline;

        // vgem (+ our syncobj patch): render-capable GEM provider without KMS, with its fence ioctls.
        var vgem = new VgemDeviceModel(DrmDriverFeatures.Gem | DrmDriverFeatures.Render | (options.VgemSyncobj ? syncobjFeatures : 0))
        {
            // By default the loopback models a current kernel; the VMs (6.1) prove the paths where these are missing.
            HasSyncobjEventfd = options.SyncobjEventfd,
            HasWaitDeadline = options.WaitDeadline,
            HasSyncobjTimelineSyncFile = options.TimelineSyncFile,
            Kernel = options.Kernel,
        };
        lb.AddNode(new DrmNode("/dev/dri/card0", DeviceNodeKind.DrmPrimary, DrmMajor, 0, vgem));
        lb.AddNode(new DrmNode("/dev/dri/renderD128", DeviceNodeKind.DrmRender, DrmMajor, 128, vgem));

        // vkms (6.12 test kernel only): KMS without a render node; it probes before virtio-gpu, so it is card1 and its
        // connector is Virtual-1.
        uint virtioCard = 1;
        if (is612)
        {
            var vkms = new VkmsDeviceModel(lb.ConnectorTypeIds) { Kernel = options.Kernel };
            lb.AddNode(new DrmNode("/dev/dri/card1", DeviceNodeKind.DrmPrimary, DrmMajor, 1, vkms));
            virtioCard = 2;
        }

        // QEMU's virtio-gpu-pci without virgl: one scanout. 6.1's fbdev console lights it at boot; the lean 6.12 kernel
        // has no fbdev, so its CRTC is off. 6.12's driver has DRIVER_SYNCOBJ | DRIVER_SYNCOBJ_TIMELINE, 6.1's neither.
        var virtio = new VirtioGpuDeviceModel(QemuVirtioGpuScanout(lb.ConnectorTypeIds, consoleLit: !is612), syncobj: is612)
        {
            PreferredDepth = 0,
            HasAddFb2Modifiers = false,
            Kernel = options.Kernel,
            HasSyncobjEventfd = is612 && options.SyncobjEventfd,
            HasWaitDeadline = is612 && options.WaitDeadline,
            HasSyncobjTimelineSyncFile = is612 && options.TimelineSyncFile,
            // As QEMU's virtio-gpu-pci shows in sysfs: the PCI function is bound to virtio-pci, not virtio_gpu.
            Bus = SysfsDevice.PciFunction("0000:00:02.0", "virtio-pci", new PciIds(0x1af4, 0x1050, 0x1af4, 0x1100, 0x01)),
        };
        lb.AddNode(new DrmNode("/dev/dri/card" + virtioCard, DeviceNodeKind.DrmPrimary, DrmMajor, virtioCard, virtio));
        lb.AddNode(new DrmNode("/dev/dri/renderD129", DeviceNodeKind.DrmRender, DrmMajor, 129, virtio));

        lb.AddNode(new Sync.SwSyncNode());
        if (options.DevSyncobj) lb.AddNode(new Sync.SyncobjDeviceNode());

        if (options.DmaHeaps)
        {
            lb.AddNode(new DmaBuf.DmaHeapNode("system", numbers.DmaHeapMajor, 0, chargePidFd: options.HeapChargePidFd));
            lb.AddNode(new DmaBuf.DmaHeapNode("reserved", numbers.DmaHeapMajor, 1, capacity: 64UL << 20, chargePidFd: options.HeapChargePidFd));
        }
        if (options.Udmabuf) lb.AddNode(new DmaBuf.UdmabufNode(numbers.UdmabufMinor));

        lb.AddNode(new VfioContainerNode(VfioMinor));
        lb.AddNode(new VfioGroupNode(numbers.EduGroup, numbers.VfioGroupMajor, 0, "0000:00:03.0"));
        if (is612)
        {
            // IOMMUFD + VFIO_DEVICE_CDEV: the nodes only; their ioctls are not modelled yet.
            lb.AddNode(new IommufdNode(numbers.IommuMinor));
            lb.AddNode(new VfioDeviceNode(0, numbers.VfioDeviceMajor, 0, "0000:00:03.0"));
        }

        // loopback_accel: the loopback's own compute-accel driver (no kernel we boot has one); one accel minor only.
        var accel = new LoopbackAccelDeviceModel { Bus = SysfsDevice.Platform(LoopbackAccelDeviceModel.Name, LoopbackAccelDeviceModel.Name) };
        lb.AddNode(new DrmNode("/dev/accel/accel0", DeviceNodeKind.Accel, AccelMajor, 0, accel));
    }

    /// <summary>
    /// The KMS objects virtio-gpu makes for one scanout, as the VM shows them: a primary plane (XR24) and a cursor
    /// plane (AR24), a CRTC, a virtual encoder, and a Virtual-1 connector whose sink is QEMU's EDID (320x200 mm,
    /// 1280x800 preferred; a subset of its 26 modes). With <paramref name="consoleLit"/>, the fbdev console has probed
    /// the connector and lit the CRTC with the preferred mode; without, nothing has (the first master's GETCONNECTOR probes).
    /// </summary>
    internal static KmsModel QemuVirtioGpuScanout(KmsConnectorTypeIdsModel? connectorTypeIds = null, bool consoleLit = true)
    {
        var kms = new KmsModel(minWidth: 32, minHeight: 32, maxWidth: 8192, maxHeight: 8192, connectorTypeIds);
        // Connector properties in the kernel's attachment order; CRTC_ID only for atomic files.
        var dpms = kms.AddProperty("DPMS");
        var linkStatus = kms.AddProperty("link-status");
        var nonDesktop = kms.AddProperty("non-desktop");
        var tile = kms.AddProperty("TILE");
        var edid = kms.AddProperty("EDID");
        var crtcId = kms.AddProperty("CRTC_ID", atomicOnly: true);

        var primary = kms.AddPlane(KmsPlaneKind.Primary, possibleCrtcs: 0x1, [Fourcc.Xrgb8888]);
        var cursor = kms.AddPlane(KmsPlaneKind.Cursor, possibleCrtcs: 0x1, [Fourcc.Argb8888]);
        var crtc = kms.AddCrtc(primary, cursor);
        var encoder = kms.AddEncoder(KmsEncoderType.Virtual, possibleCrtcs: 0x1);
        var connector = kms.AddConnector(KmsConnectorType.Virtual, [encoder]);

        connector.Connection = KmsConnection.Connected;
        connector.MmWidth = 320;
        connector.MmHeight = 200;
        connector.SinkModes.AddRange(QemuEdidModes);
        uint edidBlob = kms.AddOpaqueObject("EDID blob");
        connector.Properties.AddRange([(dpms, 0), (linkStatus, 0), (nonDesktop, 0), (tile, 0), (edid, edidBlob), (crtcId, 0)]);
        if (!consoleLit) return kms;

        connector.Probe();
        uint consoleFb = kms.AddOpaqueObject("fbdev framebuffer");
        kms.Light(crtc, connector, encoder, connector.Modes[0], consoleFb);
        return kms;
    }

    private const KmsModeFlags PP = KmsModeFlags.PHSync | KmsModeFlags.PVSync;
    private const KmsModeFlags NN = KmsModeFlags.NHSync | KmsModeFlags.NVSync;

    /// <summary>Timings as GETCONNECTOR reported them in the VM.</summary>
    private static readonly KmsMode[] QemuEdidModes =
    [
        new("1280x800", 107300, 1280, 1600, 1638, 1728, 0, 800, 804, 808, 828, 0, 75, NN, KmsModeType.Preferred | KmsModeType.Driver),
        new("1920x1080", 148500, 1920, 2008, 2052, 2200, 0, 1080, 1084, 1089, 1125, 0, 60, NN, KmsModeType.Driver),
        new("1280x1024", 108000, 1280, 1328, 1440, 1688, 0, 1024, 1025, 1028, 1066, 0, 60, PP, KmsModeType.Driver),
        new("1024x768", 65000, 1024, 1048, 1184, 1344, 0, 768, 771, 777, 806, 0, 60, NN, KmsModeType.Driver),
        new("800x600", 40000, 800, 840, 968, 1056, 0, 600, 601, 605, 628, 0, 60, PP, KmsModeType.Driver),
        new("640x480", 25175, 640, 656, 752, 800, 0, 480, 490, 492, 525, 0, 60, NN, KmsModeType.Driver),
    ];
}
