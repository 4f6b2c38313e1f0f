using System.Runtime.InteropServices;

namespace Uapi.Raw;

// NOT a kernel header. "loopback_accel" is the loopback backend's own compute-accel driver, which exists only
// in-process (no kernel has it), so that accel nodes can be exercised without an NPU. Its two driver ioctls
// have the shape real accel drivers use (ivpu, qaic, amdxdna): one creates a buffer object and returns a GEM
// handle, the other returns the fake offset at which to mmap the accel fd to reach it. The numbers are ours;
// [LoopbackAbi] keeps the layout check (which compares against kernel headers) away from them.
public static partial class Interop
{
    [LoopbackAbi]
    internal static partial class LoopbackAccel
    {
        public const uint DRM_LOOPBACK_ACCEL_BO_CREATE = 0x00;
        public const uint DRM_LOOPBACK_ACCEL_BO_MMAP_OFFSET = 0x01;

        /// <summary>DRM_IOWR(DRM_COMMAND_BASE + DRM_LOOPBACK_ACCEL_BO_CREATE, struct drm_loopback_accel_bo_create)</summary>
        public const uint DRM_IOCTL_LOOPBACK_ACCEL_BO_CREATE = 0xC0106440;
        /// <summary>DRM_IOWR(DRM_COMMAND_BASE + DRM_LOOPBACK_ACCEL_BO_MMAP_OFFSET, struct drm_loopback_accel_bo_mmap_offset)</summary>
        public const uint DRM_IOCTL_LOOPBACK_ACCEL_BO_MMAP_OFFSET = 0xC0106441;

        /// <summary>Largest buffer the driver makes (a device-memory limit, so oversize requests have an errno to pin).</summary>
        public const ulong LOOPBACK_ACCEL_MAX_BO_SIZE = 1UL << 30;

        /// <summary>
        /// Creates a buffer of at least size bytes; the driver rounds size up to whole pages and writes it back with the
        /// new handle. flags must be 0. EINVAL for size 0 or unknown flags, E2BIG above LOOPBACK_ACCEL_MAX_BO_SIZE.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmLoopbackAccelBoCreate
        {
            public ulong Size;
            public uint Flags;
            public uint Handle;
        }

        /// <summary>Returns the fake offset to mmap the accel fd at for a handle. ENOENT for an unknown handle, EINVAL if pad is not 0.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmLoopbackAccelBoMmapOffset
        {
            public uint Handle;
            public uint Pad;
            public ulong Offset;
        }
    }
}

/// <summary>Marks raw definitions that belong to a loopback-only driver, not to any kernel header.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class LoopbackAbiAttribute : Attribute;
