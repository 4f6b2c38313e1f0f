using Uapi.Handles;

namespace Uapi.Raw;

// include/uapi/linux/vfio.h. argsz is always set here.
public static partial class Interop
{
    public static unsafe partial class Vfio
    {
        /// <summary>VFIO_GET_API_VERSION: the version as the result.</summary>
        public static int GetApiVersion(UapiFd fd) => fd.Backend.Ioctl(fd, VFIO_GET_API_VERSION, null);

        /// <summary>VFIO_CHECK_EXTENSION: the extension number goes as the argument itself; the result is > 0 when present.</summary>
        public static int CheckExtension(UapiFd fd, uint extension) => fd.Backend.Ioctl(fd, VFIO_CHECK_EXTENSION, (void*)(nuint)extension);

        /// <summary>VFIO_GROUP_GET_STATUS: VFIO_GROUP_FLAGS_* in <paramref name="flags"/>.</summary>
        public static int GroupGetStatus(UapiFd fd, out uint flags)
        {
            var s = new VfioGroupStatus { Argsz = (uint)sizeof(VfioGroupStatus) };
            int r = fd.Backend.Ioctl(fd, VFIO_GROUP_GET_STATUS, &s);
            flags = s.Flags;
            return r;
        }
    }
}
