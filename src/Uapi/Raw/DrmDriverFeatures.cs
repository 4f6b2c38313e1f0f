namespace Uapi.Raw;

/// <summary>
/// drm_driver.driver_features bits (include/drm/drm_drv.h, a kernel-internal header): what a DRM driver supports.
/// Userspace sees them only through their effects (GET_CAP, which ioctls answer); the loopback builds devices from them.
/// </summary>
[Flags]
public enum DrmDriverFeatures
{
    Gem = 1 << 0,
    Modeset = 1 << 1,
    Render = 1 << 3,
    Atomic = 1 << 4,
    Syncobj = 1 << 5,
    SyncobjTimeline = 1 << 6,
    ComputeAccel = 1 << 7,
}
