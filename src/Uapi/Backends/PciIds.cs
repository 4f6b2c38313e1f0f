namespace Uapi.Backends;

/// <summary>A PCI function's identity as sysfs shows it (vendor, device, subsystem_vendor, subsystem_device, revision).</summary>
public readonly record struct PciIds(ushort Vendor, ushort Device, ushort SubsystemVendor, ushort SubsystemDevice, byte Revision)
{
    public override string ToString() =>
        $"{Vendor:x4}:{Device:x4} (subsystem {SubsystemVendor:x4}:{SubsystemDevice:x4}, rev {Revision:x2})";
}
