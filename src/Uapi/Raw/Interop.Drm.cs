using System.Runtime.InteropServices;

namespace Uapi.Raw;

// include/uapi/drm/drm.h: core ioctls (version, caps, GEM names, PRIME). Syncobj is in Interop.Drm.Syncobj.cs.
public static partial class Interop
{
    public static partial class Drm
    {
        public const uint DRM_IOCTL_BASE = 0x64; // 'd'
        public const uint DRM_COMMAND_BASE = 0x40;
        public const uint DRM_COMMAND_END = 0xA0;

        /// <summary>DRM_IOWR(0x00, struct drm_version)</summary>
        public const uint DRM_IOCTL_VERSION = 0xC0406400;
        /// <summary>DRM_IOWR(0x0C, struct drm_get_cap)</summary>
        public const uint DRM_IOCTL_GET_CAP = 0xC010640C;
        /// <summary>DRM_IOW(0x0D, struct drm_set_client_cap)</summary>
        public const uint DRM_IOCTL_SET_CLIENT_CAP = 0x4010640D;
        /// <summary>DRM_IOW(0x09, struct drm_gem_close)</summary>
        public const uint DRM_IOCTL_GEM_CLOSE = 0x40086409;
        /// <summary>DRM_IOWR(0x0A, struct drm_gem_flink)</summary>
        public const uint DRM_IOCTL_GEM_FLINK = 0xC008640A;
        /// <summary>DRM_IOWR(0x0B, struct drm_gem_open)</summary>
        public const uint DRM_IOCTL_GEM_OPEN = 0xC010640B;
        /// <summary>DRM_IO(0x1E)</summary>
        public const uint DRM_IOCTL_SET_MASTER = 0x0000641E;
        /// <summary>DRM_IO(0x1F)</summary>
        public const uint DRM_IOCTL_DROP_MASTER = 0x0000641F;
        /// <summary>DRM_IOWR(0x2D, struct drm_prime_handle)</summary>
        public const uint DRM_IOCTL_PRIME_HANDLE_TO_FD = 0xC00C642D;
        /// <summary>DRM_IOWR(0x2E, struct drm_prime_handle)</summary>
        public const uint DRM_IOCTL_PRIME_FD_TO_HANDLE = 0xC00C642E;

        public const ulong DRM_CAP_DUMB_BUFFER = 0x1;
        public const ulong DRM_CAP_VBLANK_HIGH_CRTC = 0x2;
        public const ulong DRM_CAP_DUMB_PREFERRED_DEPTH = 0x3;
        public const ulong DRM_CAP_DUMB_PREFER_SHADOW = 0x4;
        public const ulong DRM_CAP_PRIME = 0x5;
        public const ulong DRM_CAP_TIMESTAMP_MONOTONIC = 0x6;
        public const ulong DRM_CAP_ASYNC_PAGE_FLIP = 0x7;
        public const ulong DRM_CAP_CURSOR_WIDTH = 0x8;
        public const ulong DRM_CAP_CURSOR_HEIGHT = 0x9;
        public const ulong DRM_CAP_ADDFB2_MODIFIERS = 0x10;
        public const ulong DRM_CAP_PAGE_FLIP_TARGET = 0x11;
        public const ulong DRM_CAP_CRTC_IN_VBLANK_EVENT = 0x12;
        public const ulong DRM_CAP_SYNCOBJ = 0x13;
        public const ulong DRM_CAP_SYNCOBJ_TIMELINE = 0x14;
        public const ulong DRM_CAP_ATOMIC_ASYNC_PAGE_FLIP = 0x15;

        public const ulong DRM_PRIME_CAP_IMPORT = 0x1;
        public const ulong DRM_PRIME_CAP_EXPORT = 0x2;

        public const ulong DRM_CLIENT_CAP_STEREO_3D = 1;
        public const ulong DRM_CLIENT_CAP_UNIVERSAL_PLANES = 2;
        public const ulong DRM_CLIENT_CAP_ATOMIC = 3;
        public const ulong DRM_CLIENT_CAP_ASPECT_RATIO = 4;
        public const ulong DRM_CLIENT_CAP_WRITEBACK_CONNECTORS = 5;
        public const ulong DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT = 6;

        public const uint DRM_RDWR = 0x2;          // O_RDWR
        public const uint DRM_CLOEXEC = 0x80000;   // O_CLOEXEC

        /// <summary>Driver version and three strings; the caller supplies the buffers and the kernel writes the lengths back.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmVersion
        {
            public int VersionMajor;
            public int VersionMinor;
            public int VersionPatchlevel;
            public nuint NameLen;
            public nint Name;
            public nuint DateLen;
            public nint Date;
            public nuint DescLen;
            public nint Desc;
        }

        /// <summary>Query one DRM_CAP_*; the kernel fills value.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmGetCap
        {
            public ulong Capability;
            public ulong Value;
        }

        /// <summary>Opt this file into a client capability (atomic, universal planes, ...).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmSetClientCap
        {
            public ulong Capability;
            public ulong Value;
        }

        /// <summary>Drops this file's handle to a GEM object.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmGemClose
        {
            public uint Handle;
            public uint Pad;
        }

        /// <summary>Gives a GEM object a device-global name (legacy sharing; primary nodes only).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmGemFlink
        {
            public uint Handle;
            public uint Name;
        }

        /// <summary>Opens a flink name as a handle on this file; the kernel fills handle and size.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmGemOpen
        {
            public uint Name;
            public uint Handle;
            public ulong Size;
        }

        /// <summary>GEM handle ↔ dma-buf fd. flags (DRM_CLOEXEC, DRM_RDWR) apply to export only. 12 bytes, no padding.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmPrimeHandle
        {
            public uint Handle;
            public uint Flags;
            public int Fd;
        }
    }
}
