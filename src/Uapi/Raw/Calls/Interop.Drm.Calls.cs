using Uapi.Handles;

namespace Uapi.Raw;

// include/uapi/drm/drm.h: core, GEM and PRIME calls on a DRM fd.
public static partial class Interop
{
    public static unsafe partial class Drm
    {
        /// <summary>DRM_IOCTL_VERSION: the kernel writes at most each span's length of each string and the real lengths back.</summary>
        public static int Version(UapiFd fd, Span<byte> name, Span<byte> date, Span<byte> desc, out DrmVersion version)
        {
            fixed (byte* n = name, d = date, s = desc)
            {
                var v = new DrmVersion
                {
                    NameLen = (nuint)name.Length, Name = (nint)n,
                    DateLen = (nuint)date.Length, Date = (nint)d,
                    DescLen = (nuint)desc.Length, Desc = (nint)s,
                };
                int r = fd.Backend.Ioctl(fd, DRM_IOCTL_VERSION, &v);
                version = v;
                return r;
            }
        }

        /// <summary>DRM_IOCTL_GET_CAP.</summary>
        public static int GetCap(UapiFd fd, ulong capability, out ulong value)
        {
            var c = new DrmGetCap { Capability = capability };
            int r = fd.Backend.Ioctl(fd, DRM_IOCTL_GET_CAP, &c);
            value = c.Value;
            return r;
        }

        /// <summary>DRM_IOCTL_SET_CLIENT_CAP.</summary>
        public static int SetClientCap(UapiFd fd, ulong capability, ulong value)
        {
            var c = new DrmSetClientCap { Capability = capability, Value = value };
            return fd.Backend.Ioctl(fd, DRM_IOCTL_SET_CLIENT_CAP, &c);
        }

        /// <summary>DRM_IOCTL_SET_MASTER (no argument).</summary>
        public static int SetMaster(UapiFd fd) => fd.Backend.Ioctl(fd, DRM_IOCTL_SET_MASTER, null);

        /// <summary>DRM_IOCTL_DROP_MASTER (no argument).</summary>
        public static int DropMaster(UapiFd fd) => fd.Backend.Ioctl(fd, DRM_IOCTL_DROP_MASTER, null);

        /// <summary>DRM_IOCTL_GEM_CLOSE.</summary>
        public static int GemClose(UapiFd fd, uint handle)
        {
            var c = new DrmGemClose { Handle = handle };
            return fd.Backend.Ioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
        }

        /// <summary>DRM_IOCTL_GEM_FLINK.</summary>
        public static int GemFlink(UapiFd fd, uint handle, out uint name)
        {
            var f = new DrmGemFlink { Handle = handle };
            int r = fd.Backend.Ioctl(fd, DRM_IOCTL_GEM_FLINK, &f);
            name = f.Name;
            return r;
        }

        /// <summary>DRM_IOCTL_GEM_OPEN.</summary>
        public static int GemOpen(UapiFd fd, uint name, out uint handle, out ulong size)
        {
            var o = new DrmGemOpen { Name = name };
            int r = fd.Backend.Ioctl(fd, DRM_IOCTL_GEM_OPEN, &o);
            handle = o.Handle;
            size = o.Size;
            return r;
        }

        /// <summary>DRM_IOCTL_PRIME_HANDLE_TO_FD; <paramref name="flags"/> are DRM_CLOEXEC and DRM_RDWR.</summary>
        public static int PrimeHandleToFd(UapiFd fd, uint handle, uint flags, out int dmaBufFd)
        {
            var p = new DrmPrimeHandle { Handle = handle, Flags = flags, Fd = -1 };
            int r = fd.Backend.Ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p);
            dmaBufFd = p.Fd;
            return r;
        }

        /// <summary>DRM_IOCTL_PRIME_FD_TO_HANDLE.</summary>
        public static int PrimeFdToHandle(UapiFd fd, int dmaBufFd, out uint handle)
        {
            var p = new DrmPrimeHandle { Fd = dmaBufFd };
            int r = fd.Backend.Ioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &p);
            handle = p.Handle;
            return r;
        }
    }
}
