using static Uapi.Raw.Interop.Virtgpu;

namespace Uapi.Drm.Drivers;

/// <summary>VIRTGPU_PARAM_* for GETPARAM: what the device and the host renderer offer.</summary>
public enum VirtioGpuParam : ulong
{
    /// <summary>1 when the host has a 3D renderer (virgl); 0 for a 2D-only device.</summary>
    Features3D = VIRTGPU_PARAM_3D_FEATURES,
    /// <summary>Always 1 on kernels that know it: GET_CAPS takes a capset version.</summary>
    CapsetQueryFix = VIRTGPU_PARAM_CAPSET_QUERY_FIX,
    ResourceBlob = VIRTGPU_PARAM_RESOURCE_BLOB,
    HostVisible = VIRTGPU_PARAM_HOST_VISIBLE,
    CrossDevice = VIRTGPU_PARAM_CROSS_DEVICE,
    ContextInit = VIRTGPU_PARAM_CONTEXT_INIT,
    /// <summary>A bitmask of capset ids (1 &lt;&lt; id).</summary>
    SupportedCapsetIds = VIRTGPU_PARAM_SUPPORTED_CAPSET_IDs,
}
