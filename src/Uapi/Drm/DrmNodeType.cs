namespace Uapi.Drm;

/// <summary>What a DRM minor is, from its device number: major 226 with minor / 64 = 0 (primary) or 2 (render), or the accel major.</summary>
public enum DrmNodeType
{
    /// <summary>/dev/dri/cardN: KMS and legacy sharing; the first opener becomes DRM master.</summary>
    Primary,
    /// <summary>/dev/dri/renderD(128+N): rendering and buffer sharing, no master, no KMS.</summary>
    Render,
    /// <summary>/dev/accel/accelN: a compute accelerator (DRIVER_COMPUTE_ACCEL, Linux 6.2+); its device has no other node.</summary>
    Accel,
}
