namespace Uapi.Backends;

/// <summary>A char device's own sysfs entry (/sys/dev/char/MAJ:MIN): its name, its class and the device it belongs to.</summary>
/// <param name="Major">Device number, major.</param>
/// <param name="Minor">Device number, minor.</param>
/// <param name="Name">The class device name, which is also its /dev name: card0, renderD128, accel0.</param>
/// <param name="Class">The class it is registered in: "drm" for primary and render minors, "accel" for accel minors.</param>
/// <param name="Device">The device its <c>device</c> link leads to.</param>
public sealed record SysfsCharDevice(uint Major, uint Minor, string Name, string Class, SysfsDevice Device);
