using static Uapi.Raw.Interop.Drm;

namespace Uapi.Drm;

// DRM master (drm_auth.c): the one primary-node file that may change the display. The first file to open a
// primary node with no master becomes master; render and accel nodes never need it.
public sealed partial class DrmDevice
{
    /// <summary>
    /// SET_MASTER: makes this file the device's master. Succeeds at once if it already is. Throws
    /// <see cref="UapiException"/>: EBUSY when another file is master, EACCES on a render node (or without
    /// CAP_SYS_ADMIN for a file that was never master), EINVAL on a node with no master (accel).
    /// </summary>
    public void SetMaster()
    {
        var e = TrySetMaster();
        if (e != Errno.None) throw new UapiException(e, nameof(DRM_IOCTL_SET_MASTER), Path);
    }

    /// <summary>SET_MASTER with the kernel's refusal as a result: Errno.None, or the errno.</summary>
    public Errno TrySetMaster()
    {
        int r = Raw.Interop.Drm.SetMaster(Fd);
        return r < 0 ? (Errno)(-r) : Errno.None;
    }

    /// <summary>
    /// DROP_MASTER: gives up master so another file can take it. Throws <see cref="UapiException"/>: EINVAL when
    /// this file is not the current master, EACCES on a render node (or without CAP_SYS_ADMIN for a file that was
    /// never master).
    /// </summary>
    public void DropMaster()
    {
        var e = TryDropMaster();
        if (e != Errno.None) throw new UapiException(e, nameof(DRM_IOCTL_DROP_MASTER), Path);
    }

    /// <summary>DROP_MASTER with the kernel's refusal as a result: Errno.None, or the errno.</summary>
    public Errno TryDropMaster()
    {
        int r = Raw.Interop.Drm.DropMaster(Fd);
        return r < 0 ? (Errno)(-r) : Errno.None;
    }
}
