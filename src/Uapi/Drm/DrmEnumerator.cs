using Uapi.Backends;
using Uapi.Handles;

namespace Uapi.Drm;

/// <summary>
/// Finds every DRM device (drmGetDevices2's job): the nodes under /dev/dri and /dev/accel plus the minors sysfs lists
/// in the drm and accel classes, grouped by the device their sysfs <c>device</c> link leads to, with bus, PCI ids and
/// driver. Works the same on both backends: the kernel reads /sys and /proc, the loopback its node registry.
/// </summary>
public static class DrmEnumerator
{
    /// <summary>The primary and render minors of one DRM device are spaced 64 apart per type (DRM_MINOR_* * 64).</summary>
    private const uint MinorsPerType = 64;

    /// <summary>
    /// Every DRM device, ordered by its lowest device number (so card0's device comes first, accel devices last).
    /// With <paramref name="queryVersion"/> each device's <see cref="DrmDeviceInfo.PreferredNode"/> is opened once for
    /// DRM_IOCTL_VERSION (a failed open leaves Version null); without it nothing is opened.
    /// </summary>
    public static IReadOnlyList<DrmDeviceInfo> Enumerate(Backend? backend = null, bool queryVersion = true)
    {
        backend ??= Backend.Default;
        uint? drmMajor = backend.CharMajor("drm");
        uint? accelMajor = backend.CharMajor("accel");

        // Device number → /dev path; minors sysfs lists but /dev lacks keep a null path. A node sysfs does not
        // describe (no /sys in a container) is still listed, classified by number alone, as a device of its own.
        var numbers = new SortedDictionary<(uint, uint), string?>();
        foreach (var node in backend.EnumerateNodes())
            if (node.Kind is DeviceNodeKind.DrmPrimary or DeviceNodeKind.DrmRender or DeviceNodeKind.Accel)
                numbers.TryAdd((node.Major, node.Minor), node.Path);
        foreach (var cls in (ReadOnlySpan<string>)["drm", "accel"])
            foreach (var dev in backend.EnumerateClass(cls))
                numbers.TryAdd(dev, null);

        // Grouped by sysfs device path, in order of first (lowest) device number.
        var groups = new List<(SysfsDevice? Device, List<DrmNodeInfo> Nodes)>();
        var byPath = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var ((major, minor), path) in numbers)
        {
            var sysfs = backend.DescribeCharDevice(major, minor);
            var type = Classify(major, minor, drmMajor, accelMajor, sysfs);
            if (type is null) continue;
            var name = sysfs?.Name ?? System.IO.Path.GetFileName(path!);
            var info = new DrmNodeInfo(type.Value, name, path, major, minor);
            if (sysfs is null)
            {
                groups.Add((null, [info]));
                continue;
            }
            if (byPath.TryGetValue(sysfs.Device.Path, out int index)) groups[index].Nodes.Add(info);
            else
            {
                byPath[sysfs.Device.Path] = groups.Count;
                groups.Add((sysfs.Device, [info]));
            }
        }

        var result = new List<DrmDeviceInfo>(groups.Count);
        foreach (var (device, nodes) in groups)
        {
            nodes.Sort((a, b) => a.Type != b.Type ? a.Type.CompareTo(b.Type) : a.Minor.CompareTo(b.Minor));
            var info = new DrmDeviceInfo(device?.Path, BusType(device?.Subsystem), device?.Subsystem, device?.Name,
                device?.Driver, device?.Pci, null, nodes);
            if (queryVersion && info.PreferredNode?.Path is { } open)
                info = info with { Version = TryVersion(backend, open) };
            result.Add(info);
        }
        return result;
    }

    /// <summary>
    /// The node type of an open fd (fstat, then the device number's sysfs class); null if it is not a DRM minor,
    /// including a minor whose device has been unplugged, which sysfs no longer lists.
    /// </summary>
    public static DrmNodeType? GetNodeType(UapiFd fd) =>
        fd.Backend.CharDevice(fd) is { } dev ? GetNodeType(fd.Backend, dev.Major, dev.Minor) : null;

    /// <summary>The node type of a /dev path (stat, then sysfs); null if it is missing or not a DRM minor.</summary>
    public static DrmNodeType? GetNodeType(string path, Backend? backend = null)
    {
        backend ??= Backend.Default;
        return backend.CharDevice(path) is { } dev ? GetNodeType(backend, dev.Major, dev.Minor) : null;
    }

    /// <summary>
    /// The node type of a device number, which sysfs must confirm (libdrm's drmNodeIsDRM check): null if it is not a
    /// DRM minor or sysfs does not list it.
    /// </summary>
    public static DrmNodeType? GetNodeType(Backend backend, uint major, uint minor)
    {
        var sysfs = backend.DescribeCharDevice(major, minor);
        return sysfs is null ? null : Classify(major, minor, backend.CharMajor("drm"), backend.CharMajor("accel"), sysfs);
    }

    /// <summary>By number: drm major with minor / 64 = 0 or 2, or the accel major; then the sysfs class must agree when sysfs answered.</summary>
    private static DrmNodeType? Classify(uint major, uint minor, uint? drmMajor, uint? accelMajor, SysfsCharDevice? sysfs)
    {
        DrmNodeType? type = null;
        if (major == drmMajor)
            type = (minor / MinorsPerType) switch { 0 => DrmNodeType.Primary, 2 => DrmNodeType.Render, _ => null };
        else if (major == accelMajor)
            type = DrmNodeType.Accel;
        if (type is null || sysfs is null) return type;
        return sysfs.Class == (type == DrmNodeType.Accel ? "accel" : "drm") ? type : null;
    }

    internal static DrmBusType BusType(string? subsystem) => subsystem switch
    {
        null => DrmBusType.Unknown,
        "pci" => DrmBusType.Pci,
        "platform" => DrmBusType.Platform,
        "usb" => DrmBusType.Usb,
        "virtio" => DrmBusType.Virtio,
        "host1x" => DrmBusType.Host1x,
        _ => DrmBusType.Other,
    };

    private static DrmVersionInfo? TryVersion(Backend backend, string path)
    {
        if (backend.TryOpen(path, OpenFlags.ReadWrite, out var fd) != Errno.None || fd is null) return null;
        using var dev = DrmDevice.Own(fd);
        try { return dev.Version(); }
        catch (UapiException) { return null; }
    }
}
