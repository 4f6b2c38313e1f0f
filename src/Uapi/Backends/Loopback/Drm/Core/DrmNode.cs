namespace Uapi.Backends.Loopback.Drm;

/// <summary>A DRM minor: /dev/dri/cardN (primary), /dev/dri/renderD(128+N) or /dev/accel/accelN, all on one device.</summary>
public sealed class DrmNode(string path, DeviceNodeKind kind, uint major, uint minor, DrmDeviceModel device)
    : LoopbackNode(path, kind, major, minor)
{
    public DrmDeviceModel Device { get; } = device;

    internal override LoopbackFile? Open(LoopbackBackend backend, int flags, out Errno errno)
    {
        // drm_minor_acquire(): a minor whose device is unplugged gives ENODEV (reached only through a stale node;
        // the loopback removes an unplugged device's paths, so an open by path gives ENOENT first).
        if (Device.IsUnplugged) { errno = Errno.ENODEV; return null; }
        errno = Errno.None;
        var file = new DrmFile(backend, this);
        // drm_master_open(): the first primary client becomes master.
        if (Kind == DeviceNodeKind.DrmPrimary) file.BecomeMasterIfNone();
        return file;
    }

    /// <summary>Primary and render minors are in class "drm", accel minors in class "accel"; all point at the device's <see cref="DrmDeviceModel.Bus"/>.</summary>
    internal override SysfsCharDevice? Sysfs =>
        new(Major, Minor, System.IO.Path.GetFileName(Path), Kind == DeviceNodeKind.Accel ? "accel" : "drm", Device.Bus);
}
