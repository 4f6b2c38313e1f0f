using System.Runtime.InteropServices;

namespace Uapi.Raw;

// include/uapi/drm/virtgpu_drm.h. Driver numbers overlap with other drivers (vgem FENCE_ATTACH is also
// 0xC0106441), so virtio-gpu has its own nested class.
public static partial class Interop
{
    public static partial class Virtgpu
    {
        public const uint DRM_VIRTGPU_MAP = 0x01;
        public const uint DRM_VIRTGPU_EXECBUFFER = 0x02;
        public const uint DRM_VIRTGPU_GETPARAM = 0x03;
        public const uint DRM_VIRTGPU_RESOURCE_CREATE = 0x04;
        public const uint DRM_VIRTGPU_RESOURCE_INFO = 0x05;
        public const uint DRM_VIRTGPU_TRANSFER_FROM_HOST = 0x06;
        public const uint DRM_VIRTGPU_TRANSFER_TO_HOST = 0x07;
        public const uint DRM_VIRTGPU_WAIT = 0x08;
        public const uint DRM_VIRTGPU_GET_CAPS = 0x09;
        public const uint DRM_VIRTGPU_RESOURCE_CREATE_BLOB = 0x0A;
        public const uint DRM_VIRTGPU_CONTEXT_INIT = 0x0B;

        /// <summary>DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_MAP, struct drm_virtgpu_map)</summary>
        public const uint DRM_IOCTL_VIRTGPU_MAP = 0xC0106441;
        /// <summary>DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_EXECBUFFER, struct drm_virtgpu_execbuffer), 64-byte form</summary>
        public const uint DRM_IOCTL_VIRTGPU_EXECBUFFER = 0xC0406442;
        /// <summary>DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_GETPARAM, struct drm_virtgpu_getparam)</summary>
        public const uint DRM_IOCTL_VIRTGPU_GETPARAM = 0xC0106443;
        /// <summary>DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_RESOURCE_CREATE, struct drm_virtgpu_resource_create)</summary>
        public const uint DRM_IOCTL_VIRTGPU_RESOURCE_CREATE = 0xC0386444;
        /// <summary>DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_RESOURCE_INFO, struct drm_virtgpu_resource_info)</summary>
        public const uint DRM_IOCTL_VIRTGPU_RESOURCE_INFO = 0xC0106445;
        /// <summary>DRM_IOWR(DRM_COMMAND_BASE + DRM_VIRTGPU_WAIT, struct drm_virtgpu_3d_wait)</summary>
        public const uint DRM_IOCTL_VIRTGPU_WAIT = 0xC0086448;

        public const ulong VIRTGPU_PARAM_3D_FEATURES = 1;
        public const ulong VIRTGPU_PARAM_CAPSET_QUERY_FIX = 2;
        public const ulong VIRTGPU_PARAM_RESOURCE_BLOB = 3;
        public const ulong VIRTGPU_PARAM_HOST_VISIBLE = 4;
        public const ulong VIRTGPU_PARAM_CROSS_DEVICE = 5;
        public const ulong VIRTGPU_PARAM_CONTEXT_INIT = 6;
        public const ulong VIRTGPU_PARAM_SUPPORTED_CAPSET_IDs = 7;

        public const uint VIRTGPU_WAIT_NOWAIT = 1;

        /// <summary>Returns the fake offset at which to mmap the DRM fd for this buffer.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmVirtgpuMap
        {
            public ulong Offset;
            public uint Handle;
            public uint Pad;
        }

        /// <summary>Submits a command stream to the host's 3D renderer (virgl and newer context types only).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmVirtgpuExecbuffer
        {
            public uint Flags;
            public uint Size;
            public ulong Command;
            public ulong BoHandles;
            public uint NumBoHandles;
            public int FenceFd;
            public uint RingIdx;
            public uint SyncobjStride;
            public uint NumInSyncobjs;
            public uint NumOutSyncobjs;
            public ulong InSyncobjs;
            public ulong OutSyncobjs;
        }

        /// <summary>
        /// value is not an output: it holds a user pointer, and the kernel writes a 4-byte int there. The struct
        /// itself is left as it was.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmVirtgpuGetparam
        {
            public ulong Param;
            public ulong Value;
        }

        /// <summary>
        /// Creates a host resource and a GEM object backing it. The kernel fills bo_handle and res_handle; size
        /// (0 means one page) sizes the guest object; stride is passed to the host, not written back.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmVirtgpuResourceCreate
        {
            public uint Target;
            public uint Format;
            public uint Bind;
            public uint Width;
            public uint Height;
            public uint Depth;
            public uint ArraySize;
            public uint LastLevel;
            public uint NrSamples;
            public uint Flags;
            public uint BoHandle;
            public uint ResHandle;
            public uint Size;
            public uint Stride;
        }

        /// <summary>The host resource id and the guest object's size for a GEM handle.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmVirtgpuResourceInfo
        {
            public uint BoHandle;
            public uint ResHandle;
            public uint Size;
            /// <summary>The kernel's name since 5.11; libdrm 2.4.114's stale copy calls the same u32 stride.</summary>
            public uint BlobMem;
        }

        /// <summary>Waits for the buffer's fences (or, with VIRTGPU_WAIT_NOWAIT, only tests them).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmVirtgpu3dWait
        {
            public uint Handle;
            public uint Flags;
        }
    }
}
