using Uapi.Handles;

namespace Uapi.Raw;

// include/uapi/drm/vgem_drm.h.
public static partial class Interop
{
    public static unsafe partial class Vgem
    {
        /// <summary>DRM_IOCTL_VGEM_FENCE_ATTACH: an unsignalled fence on the buffer; its id comes back in <paramref name="fence"/>.</summary>
        public static int FenceAttach(UapiFd fd, uint handle, uint flags, out uint fence)
        {
            var a = new DrmVgemFenceAttach { Handle = handle, Flags = flags };
            int r = fd.Backend.Ioctl(fd, DRM_IOCTL_VGEM_FENCE_ATTACH, &a);
            fence = a.OutFence;
            return r;
        }

        /// <summary>DRM_IOCTL_VGEM_FENCE_SIGNAL.</summary>
        public static int FenceSignal(UapiFd fd, uint fence, uint flags = 0)
        {
            var s = new DrmVgemFenceSignal { Fence = fence, Flags = flags };
            return fd.Backend.Ioctl(fd, DRM_IOCTL_VGEM_FENCE_SIGNAL, &s);
        }
    }
}
