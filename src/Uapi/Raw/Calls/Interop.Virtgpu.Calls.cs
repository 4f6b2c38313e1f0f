using Uapi.Handles;

namespace Uapi.Raw;

// include/uapi/drm/virtgpu_drm.h.
public static partial class Interop
{
    public static unsafe partial class Virtgpu
    {
        /// <summary>DRM_IOCTL_VIRTGPU_GETPARAM: the kernel writes an int through the pointer; 8 zeroed bytes hold it.</summary>
        public static int GetParam(UapiFd fd, ulong param, out ulong value)
        {
            ulong result = 0;
            var g = new DrmVirtgpuGetparam { Param = param, Value = (ulong)&result };
            int r = fd.Backend.Ioctl(fd, DRM_IOCTL_VIRTGPU_GETPARAM, &g);
            value = result;
            return r;
        }

        /// <summary>DRM_IOCTL_VIRTGPU_RESOURCE_CREATE: bo_handle and res_handle come back in <paramref name="create"/>.</summary>
        public static int ResourceCreate(UapiFd fd, ref DrmVirtgpuResourceCreate create)
        {
            create.BoHandle = 0;
            create.ResHandle = 0;
            fixed (DrmVirtgpuResourceCreate* p = &create) return fd.Backend.Ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_CREATE, p);
        }

        /// <summary>DRM_IOCTL_VIRTGPU_RESOURCE_INFO.</summary>
        public static int ResourceInfo(UapiFd fd, uint boHandle, out DrmVirtgpuResourceInfo info)
        {
            var i = new DrmVirtgpuResourceInfo { BoHandle = boHandle };
            int r = fd.Backend.Ioctl(fd, DRM_IOCTL_VIRTGPU_RESOURCE_INFO, &i);
            info = i;
            return r;
        }

        /// <summary>DRM_IOCTL_VIRTGPU_MAP: the fake mmap offset of a buffer.</summary>
        public static int Map(UapiFd fd, uint handle, out ulong offset)
        {
            var m = new DrmVirtgpuMap { Handle = handle };
            int r = fd.Backend.Ioctl(fd, DRM_IOCTL_VIRTGPU_MAP, &m);
            offset = m.Offset;
            return r;
        }

        /// <summary>DRM_IOCTL_VIRTGPU_WAIT; VIRTGPU_WAIT_NOWAIT only tests.</summary>
        public static int Wait(UapiFd fd, uint handle, uint flags)
        {
            var w = new DrmVirtgpu3dWait { Handle = handle, Flags = flags };
            return fd.Backend.Ioctl(fd, DRM_IOCTL_VIRTGPU_WAIT, &w);
        }
    }
}
