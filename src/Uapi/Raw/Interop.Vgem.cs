using System.Runtime.InteropServices;

namespace Uapi.Raw;

// include/uapi/drm/vgem_drm.h. Driver numbers overlap with other drivers (virtgpu MAP is also 0xC0106441),
// so each driver has its own nested class.
public static partial class Interop
{
    public static partial class Vgem
    {
        public const uint DRM_VGEM_FENCE_ATTACH = 0x1;
        public const uint DRM_VGEM_FENCE_SIGNAL = 0x2;

        /// <summary>DRM_IOWR(DRM_COMMAND_BASE + DRM_VGEM_FENCE_ATTACH, struct drm_vgem_fence_attach)</summary>
        public const uint DRM_IOCTL_VGEM_FENCE_ATTACH = 0xC0106441;
        /// <summary>DRM_IOW(DRM_COMMAND_BASE + DRM_VGEM_FENCE_SIGNAL, struct drm_vgem_fence_signal)</summary>
        public const uint DRM_IOCTL_VGEM_FENCE_SIGNAL = 0x40086442;

        public const uint VGEM_FENCE_WRITE = 0x1;

        /// <summary>Attaches an unsignalled fence to a buffer's reservation (read, or write with VGEM_FENCE_WRITE); returns a fence handle.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmVgemFenceAttach
        {
            public uint Handle;
            public uint Flags;
            public uint OutFence;
            public uint Pad;
        }

        /// <summary>Signals a fence made by FENCE_ATTACH.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmVgemFenceSignal
        {
            public uint Fence;
            public uint Flags;
        }
    }
}
