using Uapi.Backends;

namespace Uapi.Drm;

/// <summary>
/// One DRM device with all its minors, as drmGetDevices2 groups them: the minors whose sysfs <c>device</c> link
/// leads to the same device.
/// </summary>
/// <param name="SysfsPath">The device's canonical sysfs path; null when sysfs did not describe the node (then it is alone in its group).</param>
/// <param name="Bus">The bus type.</param>
/// <param name="Subsystem">sysfs's own word for the bus (basename of <c>device/subsystem</c>).</param>
/// <param name="BusId">The device's name on its bus: "0000:00:02.0" on PCI, the platform device name ("vgem") on platform.</param>
/// <param name="BoundDriver">The bus driver bound to the device (<c>device/driver</c>): "virtio-pci" for virtio-gpu, null for vgem, which has none.</param>
/// <param name="Pci">PCI vendor, device, subsystem ids and revision, on PCI.</param>
/// <param name="Version">DRM_IOCTL_VERSION from the node <see cref="PreferredNode"/> names; null if it could not be opened (permissions) or was not asked for.</param>
/// <param name="Nodes">Its minors, primary first, then render, then accel.</param>
public sealed record DrmDeviceInfo(
    string? SysfsPath,
    DrmBusType Bus,
    string? Subsystem,
    string? BusId,
    string? BoundDriver,
    PciIds? Pci,
    DrmVersionInfo? Version,
    IReadOnlyList<DrmNodeInfo> Nodes)
{
    /// <summary>The DRM driver's name (VERSION: "vgem", "virtio_gpu"), or, when no node could be opened, the bound bus driver.</summary>
    public string? DriverName => Version?.Name ?? BoundDriver;

    public DrmNodeInfo? Primary => Find(DrmNodeType.Primary);
    public DrmNodeInfo? Render => Find(DrmNodeType.Render);
    public DrmNodeInfo? Accel => Find(DrmNodeType.Accel);

    /// <summary>The platform device name on the platform bus, else null.</summary>
    public string? PlatformName => Bus == DrmBusType.Platform ? BusId : null;

    /// <summary>
    /// The node to open for work that needs no DRM master: render, else accel, else (a KMS-only device) primary,
    /// which can be opened without being master. Null if no minor has a /dev node.
    /// </summary>
    public DrmNodeInfo? PreferredNode =>
        Render is { Path: not null } r ? r : Accel is { Path: not null } a ? a : Primary is { Path: not null } p ? p : null;

    private DrmNodeInfo? Find(DrmNodeType type)
    {
        foreach (var n in Nodes) if (n.Type == type) return n;
        return null;
    }
}
