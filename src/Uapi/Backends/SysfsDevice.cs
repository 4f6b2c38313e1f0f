namespace Uapi.Backends;

/// <summary>
/// The device a char device node belongs to (its sysfs <c>device</c> link): where it sits, the bus it is on,
/// the driver bound to it and, on PCI, its ids. Every minor of one DRM device points at the same one.
/// </summary>
/// <param name="Path">Canonical sysfs path (/sys/devices/platform/vgem, /sys/devices/pci0000:00/0000:00:02.0); the grouping key.</param>
/// <param name="Subsystem">The bus (basename of <c>device/subsystem</c>): pci, platform, virtio, usb, ...; null if sysfs does not say.</param>
/// <param name="Driver">Basename of <c>device/driver</c>: the bus driver bound to it (virtio-pci for virtio-gpu); null when none is
/// bound, as for vgem, whose platform device has no driver.</param>
/// <param name="Pci">The ids when the bus is PCI.</param>
public sealed record SysfsDevice(string Path, string? Subsystem, string? Driver, PciIds? Pci)
{
    /// <summary>The device's name on its bus: "0000:00:02.0", "vgem".</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>A platform device, as vgem registers one (no driver bound unless given).</summary>
    public static SysfsDevice Platform(string name, string? driver = null) => new("/sys/devices/platform/" + name, "platform", driver, null);

    /// <summary>A PCI function on a root bus, e.g. ("0000:00:02.0", "virtio-pci", ids).</summary>
    public static SysfsDevice PciFunction(string address, string? driver, PciIds ids)
    {
        // "dddd:bb:dd.f": the root bus directory is pci + "dddd:bb".
        if (address.Length != 12 || address[4] != ':' || address[7] != ':' || address[10] != '.')
            throw new ArgumentException($"'{address}' is not a PCI address of the form dddd:bb:dd.f", nameof(address));
        return new($"/sys/devices/pci{address[..7]}/{address}", "pci", driver, ids);
    }
}
