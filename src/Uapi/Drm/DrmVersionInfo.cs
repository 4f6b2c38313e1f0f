namespace Uapi.Drm;

/// <summary>The driver's identity as DRM_IOCTL_VERSION reports it.</summary>
public sealed record DrmVersionInfo(string Name, string Date, string Description, int Major, int Minor, int Patchlevel);
