namespace Uapi.Backends.Loopback.Drm;

/// <summary>The type property of a plane (DRM_PLANE_TYPE_*): which planes a file sees without universal planes.</summary>
public enum KmsPlaneKind
{
    Overlay = 0,
    Primary = 1,
    Cursor = 2,
}
