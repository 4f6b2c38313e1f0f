using Uapi.Handles;

namespace Uapi.Raw;

// include/uapi/drm/drm_mode.h: dumb buffers and read-only KMS. The list calls offer each span's length as the
// count and return the struct, whose counts are the real ones (the kernel copies only what fits).
public static partial class Interop
{
    public static unsafe partial class Drm
    {
        /// <summary>DRM_IOCTL_MODE_CREATE_DUMB.</summary>
        public static int ModeCreateDumb(UapiFd fd, uint width, uint height, uint bpp, uint flags, out uint handle, out uint pitch, out ulong size)
        {
            var c = new DrmModeCreateDumb { Width = width, Height = height, Bpp = bpp, Flags = flags };
            int r = fd.Backend.Ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c);
            handle = c.Handle;
            pitch = c.Pitch;
            size = c.Size;
            return r;
        }

        /// <summary>DRM_IOCTL_MODE_MAP_DUMB: the fake mmap offset of a dumb buffer.</summary>
        public static int ModeMapDumb(UapiFd fd, uint handle, out ulong offset)
        {
            var m = new DrmModeMapDumb { Handle = handle };
            int r = fd.Backend.Ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &m);
            offset = m.Offset;
            return r;
        }

        /// <summary>DRM_IOCTL_MODE_DESTROY_DUMB.</summary>
        public static int ModeDestroyDumb(UapiFd fd, uint handle)
        {
            var d = new DrmModeDestroyDumb { Handle = handle };
            return fd.Backend.Ioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d);
        }

        /// <summary>DRM_IOCTL_MODE_GETRESOURCES.</summary>
        public static int ModeGetResources(UapiFd fd, Span<uint> fbs, Span<uint> crtcs, Span<uint> connectors, Span<uint> encoders, out DrmModeCardRes resources)
        {
            fixed (uint* f = fbs, c = crtcs, n = connectors, e = encoders)
            {
                var r = new DrmModeCardRes
                {
                    FbIdPtr = (ulong)f, CrtcIdPtr = (ulong)c, ConnectorIdPtr = (ulong)n, EncoderIdPtr = (ulong)e,
                    CountFbs = (uint)fbs.Length, CountCrtcs = (uint)crtcs.Length,
                    CountConnectors = (uint)connectors.Length, CountEncoders = (uint)encoders.Length,
                };
                int rc = fd.Backend.Ioctl(fd, DRM_IOCTL_MODE_GETRESOURCES, &r);
                resources = r;
                return rc;
            }
        }

        /// <summary>DRM_IOCTL_MODE_GETCONNECTOR (no properties asked for). An empty <paramref name="modes"/> lets the master's file probe.</summary>
        public static int ModeGetConnector(UapiFd fd, uint connectorId, Span<DrmModeModeinfo> modes, Span<uint> encoders, out DrmModeGetConnector connector)
        {
            fixed (DrmModeModeinfo* m = modes)
            fixed (uint* e = encoders)
            {
                var c = new DrmModeGetConnector
                {
                    ConnectorId = connectorId, ModesPtr = (ulong)m, CountModes = (uint)modes.Length,
                    EncodersPtr = (ulong)e, CountEncoders = (uint)encoders.Length,
                };
                int rc = fd.Backend.Ioctl(fd, DRM_IOCTL_MODE_GETCONNECTOR, &c);
                connector = c;
                return rc;
            }
        }

        /// <summary>DRM_IOCTL_MODE_GETENCODER.</summary>
        public static int ModeGetEncoder(UapiFd fd, uint encoderId, out DrmModeGetEncoder encoder)
        {
            var g = new DrmModeGetEncoder { EncoderId = encoderId };
            int rc = fd.Backend.Ioctl(fd, DRM_IOCTL_MODE_GETENCODER, &g);
            encoder = g;
            return rc;
        }

        /// <summary>DRM_IOCTL_MODE_GETCRTC.</summary>
        public static int ModeGetCrtc(UapiFd fd, uint crtcId, out DrmModeCrtc crtc)
        {
            var c = new DrmModeCrtc { CrtcId = crtcId };
            int rc = fd.Backend.Ioctl(fd, DRM_IOCTL_MODE_GETCRTC, &c);
            crtc = c;
            return rc;
        }

        /// <summary>DRM_IOCTL_MODE_GETPLANERESOURCES: <paramref name="count"/> is the real number of planes.</summary>
        public static int ModeGetPlaneResources(UapiFd fd, Span<uint> planes, out uint count)
        {
            fixed (uint* p = planes)
            {
                var r = new DrmModeGetPlaneRes { PlaneIdPtr = (ulong)p, CountPlanes = (uint)planes.Length };
                int rc = fd.Backend.Ioctl(fd, DRM_IOCTL_MODE_GETPLANERESOURCES, &r);
                count = r.CountPlanes;
                return rc;
            }
        }

        /// <summary>DRM_IOCTL_MODE_GETPLANE.</summary>
        public static int ModeGetPlane(UapiFd fd, uint planeId, Span<uint> formats, out DrmModeGetPlane plane)
        {
            fixed (uint* f = formats)
            {
                var p = new DrmModeGetPlane { PlaneId = planeId, FormatTypePtr = (ulong)f, CountFormatTypes = (uint)formats.Length };
                int rc = fd.Backend.Ioctl(fd, DRM_IOCTL_MODE_GETPLANE, &p);
                plane = p;
                return rc;
            }
        }
    }
}
