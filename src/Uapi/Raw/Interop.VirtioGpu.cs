namespace Uapi.Raw;

// include/uapi/linux/virtio_gpu.h: the virtio-gpu device protocol. Only the 2D resource formats, which
// DRM_IOCTL_VIRTGPU_RESOURCE_CREATE passes through to the host.
public static partial class Interop
{
    public static partial class VirtioGpu
    {
        public const uint VIRTIO_GPU_FORMAT_B8G8R8A8_UNORM = 1;
        public const uint VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM = 2;
        public const uint VIRTIO_GPU_FORMAT_A8R8G8B8_UNORM = 3;
        public const uint VIRTIO_GPU_FORMAT_X8R8G8B8_UNORM = 4;
        public const uint VIRTIO_GPU_FORMAT_R8G8B8A8_UNORM = 67;
        public const uint VIRTIO_GPU_FORMAT_X8B8G8R8_UNORM = 68;
        public const uint VIRTIO_GPU_FORMAT_A8B8G8R8_UNORM = 121;
        public const uint VIRTIO_GPU_FORMAT_R8G8B8X8_UNORM = 134;
    }
}
