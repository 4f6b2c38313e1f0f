namespace Uapi.Backends.Loopback.Sync;

/// <summary>
/// /dev/syncobj, the misc device of the 2026 RFC (drivers/misc/syncobj.c in that series; no kernel we can boot has it).
/// Every op names syncobjs by fd: the same <see cref="SyncobjFile"/> files DRM's HANDLE_TO_FD makes, sharing the
/// one fence model, so a DRM syncobj exported as an fd works here and back.
/// </summary>
public sealed class SyncobjDeviceNode(uint minor = SyncobjDeviceNode.DefaultMinor)
    : LoopbackNode(DevicePath, DeviceNodeKind.Syncobj, StandardDevices.MiscMajor, minor)
{
    public const string DevicePath = "/dev/syncobj";

    /// <summary>The RFC asks for a dynamic misc minor; the loopback picks one that is free in its own table.</summary>
    public const uint DefaultMinor = 124;

    internal override LoopbackFile? Open(LoopbackBackend backend, int flags, out Errno errno)
    {
        errno = Errno.None;
        return new SyncobjDeviceFile(backend, this);
    }
}
