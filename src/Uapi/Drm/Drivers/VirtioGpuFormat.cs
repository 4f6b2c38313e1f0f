namespace Uapi.Drm.Drivers;

/// <summary>The virtio-gpu 2D resource formats (enum virtio_gpu_formats); all four bytes per pixel.</summary>
public enum VirtioGpuFormat : uint
{
    B8G8R8A8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_B8G8R8A8_UNORM,
    B8G8R8X8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM,
    A8R8G8B8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_A8R8G8B8_UNORM,
    X8R8G8B8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_X8R8G8B8_UNORM,
    R8G8B8A8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_R8G8B8A8_UNORM,
    X8B8G8R8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_X8B8G8R8_UNORM,
    A8B8G8R8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_A8B8G8R8_UNORM,
    R8G8B8X8Unorm = Raw.Interop.VirtioGpu.VIRTIO_GPU_FORMAT_R8G8B8X8_UNORM,
}
