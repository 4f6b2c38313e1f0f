namespace Uapi.Backends.Loopback.Drm;

/// <summary>drm_ioctl_desc.flags: who may call an ioctl.</summary>
[Flags]
internal enum DrmIoctlFlags
{
    None = 0,
    Auth = 1,
    Master = 2,
    RootOnly = 4,
    RenderAllow = 32,
}
