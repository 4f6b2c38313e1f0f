using Uapi.Raw.Kms;
namespace Uapi.Drm.Kms;

/// <summary>
/// Everything read-only KMS tells one file about a device, read in one go (what drm_info prints). Objects that
/// vanish between GETRESOURCES and their own GET call (ENOENT: an MST connector unplugged meanwhile) are left out.
/// </summary>
public sealed record KmsSnapshot(
    KmsResources Resources,
    IReadOnlyList<KmsConnector> Connectors,
    IReadOnlyList<KmsEncoder> Encoders,
    IReadOnlyList<KmsCrtc> Crtcs,
    IReadOnlyList<KmsPlane> Planes,
    bool UniversalPlanes)
{
    /// <summary>
    /// Reads the device's KMS state, probing connectors unless <paramref name="probe"/> is false (see
    /// <see cref="DrmDevice.GetConnector"/>). Sets <see cref="DrmClientCapability.UniversalPlanes"/> on the file first so
    /// primary and cursor planes are listed (<see cref="UniversalPlanes"/> says whether the kernel accepted it).
    /// Throws <see cref="UapiException"/> if the device has no KMS (EOPNOTSUPP) or the node refuses it (EACCES).
    /// </summary>
    public static KmsSnapshot Read(DrmDevice device, bool probe = true)
    {
        var resources = device.GetKmsResources();
        bool universal = device.TrySetClientCap(DrmClientCapability.UniversalPlanes) == Errno.None;

        var connectors = new List<KmsConnector>();
        foreach (var id in resources.Connectors)
            if (Keep(device.TryGetConnector(id, out var c, probe), device, "DRM_IOCTL_MODE_GETCONNECTOR")) connectors.Add(c!);
        var encoders = new List<KmsEncoder>();
        foreach (var id in resources.Encoders)
            if (Keep(device.TryGetEncoder(id, out var e), device, "DRM_IOCTL_MODE_GETENCODER")) encoders.Add(e!);
        var crtcs = new List<KmsCrtc>();
        foreach (var id in resources.Crtcs)
            if (Keep(device.TryGetCrtc(id, out var c), device, "DRM_IOCTL_MODE_GETCRTC")) crtcs.Add(c!);
        var planes = new List<KmsPlane>();
        foreach (var id in device.GetPlaneIds())
            if (Keep(device.TryGetPlane(id, out var p), device, "DRM_IOCTL_MODE_GETPLANE")) planes.Add(p!);
        return new KmsSnapshot(resources, connectors, encoders, crtcs, planes, universal);
    }

    private static bool Keep(Errno e, DrmDevice device, string ioctl) => e switch
    {
        Errno.None => true,
        Errno.ENOENT => false,
        _ => throw new UapiException(e, ioctl, device.Path),
    };
}
