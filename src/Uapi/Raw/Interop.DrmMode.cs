using System.Runtime.InteropServices;

namespace Uapi.Raw;

// include/uapi/drm/drm_mode.h: dumb buffers and read-only KMS (request numbers live in drm.h).
public static partial class Interop
{
    public static partial class Drm
    {
        /// <summary>DRM_IOWR(0xA0, struct drm_mode_card_res)</summary>
        public const uint DRM_IOCTL_MODE_GETRESOURCES = 0xC04064A0;
        /// <summary>DRM_IOWR(0xB2, struct drm_mode_create_dumb)</summary>
        public const uint DRM_IOCTL_MODE_CREATE_DUMB = 0xC02064B2;
        /// <summary>DRM_IOWR(0xB3, struct drm_mode_map_dumb)</summary>
        public const uint DRM_IOCTL_MODE_MAP_DUMB = 0xC01064B3;
        /// <summary>DRM_IOWR(0xB4, struct drm_mode_destroy_dumb)</summary>
        public const uint DRM_IOCTL_MODE_DESTROY_DUMB = 0xC00464B4;
        /// <summary>DRM_IOWR(0xA1, struct drm_mode_crtc)</summary>
        public const uint DRM_IOCTL_MODE_GETCRTC = 0xC06864A1;
        /// <summary>DRM_IOWR(0xA6, struct drm_mode_get_encoder)</summary>
        public const uint DRM_IOCTL_MODE_GETENCODER = 0xC01464A6;
        /// <summary>DRM_IOWR(0xA7, struct drm_mode_get_connector)</summary>
        public const uint DRM_IOCTL_MODE_GETCONNECTOR = 0xC05064A7;
        /// <summary>DRM_IOWR(0xB5, struct drm_mode_get_plane_res)</summary>
        public const uint DRM_IOCTL_MODE_GETPLANERESOURCES = 0xC01064B5;
        /// <summary>DRM_IOWR(0xB6, struct drm_mode_get_plane)</summary>
        public const uint DRM_IOCTL_MODE_GETPLANE = 0xC02064B6;

        public const int DRM_DISPLAY_MODE_LEN = 32;

        // drm_mode_modeinfo.type (BUILTIN, CLOCK_C, CRTC_C and DEFAULT are deprecated and not bound)
        public const uint DRM_MODE_TYPE_PREFERRED = 1 << 3;
        public const uint DRM_MODE_TYPE_USERDEF = 1 << 5;
        public const uint DRM_MODE_TYPE_DRIVER = 1 << 6;

        // drm_mode_modeinfo.flags
        public const uint DRM_MODE_FLAG_PHSYNC = 1 << 0;
        public const uint DRM_MODE_FLAG_NHSYNC = 1 << 1;
        public const uint DRM_MODE_FLAG_PVSYNC = 1 << 2;
        public const uint DRM_MODE_FLAG_NVSYNC = 1 << 3;
        public const uint DRM_MODE_FLAG_INTERLACE = 1 << 4;
        public const uint DRM_MODE_FLAG_DBLSCAN = 1 << 5;
        public const uint DRM_MODE_FLAG_CSYNC = 1 << 6;
        public const uint DRM_MODE_FLAG_PCSYNC = 1 << 7;
        public const uint DRM_MODE_FLAG_NCSYNC = 1 << 8;
        public const uint DRM_MODE_FLAG_HSKEW = 1 << 9;
        public const uint DRM_MODE_FLAG_DBLCLK = 1 << 12;
        public const uint DRM_MODE_FLAG_CLKDIV2 = 1 << 13;
        public const uint DRM_MODE_FLAG_3D_MASK = 0x1F << 14;
        public const uint DRM_MODE_FLAG_PIC_AR_MASK = 0x0F << 19;

        // drm_mode_get_encoder.encoder_type
        public const uint DRM_MODE_ENCODER_NONE = 0;
        public const uint DRM_MODE_ENCODER_DAC = 1;
        public const uint DRM_MODE_ENCODER_TMDS = 2;
        public const uint DRM_MODE_ENCODER_LVDS = 3;
        public const uint DRM_MODE_ENCODER_TVDAC = 4;
        public const uint DRM_MODE_ENCODER_VIRTUAL = 5;
        public const uint DRM_MODE_ENCODER_DSI = 6;
        public const uint DRM_MODE_ENCODER_DPMST = 7;
        public const uint DRM_MODE_ENCODER_DPI = 8;

        // drm_mode_get_connector.connector_type
        public const uint DRM_MODE_CONNECTOR_Unknown = 0;
        public const uint DRM_MODE_CONNECTOR_VGA = 1;
        public const uint DRM_MODE_CONNECTOR_DVII = 2;
        public const uint DRM_MODE_CONNECTOR_DVID = 3;
        public const uint DRM_MODE_CONNECTOR_DVIA = 4;
        public const uint DRM_MODE_CONNECTOR_Composite = 5;
        public const uint DRM_MODE_CONNECTOR_SVIDEO = 6;
        public const uint DRM_MODE_CONNECTOR_LVDS = 7;
        public const uint DRM_MODE_CONNECTOR_Component = 8;
        public const uint DRM_MODE_CONNECTOR_9PinDIN = 9;
        public const uint DRM_MODE_CONNECTOR_DisplayPort = 10;
        public const uint DRM_MODE_CONNECTOR_HDMIA = 11;
        public const uint DRM_MODE_CONNECTOR_HDMIB = 12;
        public const uint DRM_MODE_CONNECTOR_TV = 13;
        public const uint DRM_MODE_CONNECTOR_eDP = 14;
        public const uint DRM_MODE_CONNECTOR_VIRTUAL = 15;
        public const uint DRM_MODE_CONNECTOR_DSI = 16;
        public const uint DRM_MODE_CONNECTOR_DPI = 17;
        public const uint DRM_MODE_CONNECTOR_WRITEBACK = 18;
        public const uint DRM_MODE_CONNECTOR_SPI = 19;
        public const uint DRM_MODE_CONNECTOR_USB = 20;

        /// <summary>Counts and id arrays of a KMS device's framebuffers, CRTCs, connectors and encoders (two-pass).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmModeCardRes
        {
            public ulong FbIdPtr;
            public ulong CrtcIdPtr;
            public ulong ConnectorIdPtr;
            public ulong EncoderIdPtr;
            public uint CountFbs;
            public uint CountCrtcs;
            public uint CountConnectors;
            public uint CountEncoders;
            public uint MinWidth;
            public uint MaxWidth;
            public uint MinHeight;
            public uint MaxHeight;
        }

        /// <summary>Caller gives height, width, bpp, flags; the kernel returns handle, pitch and size.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmModeCreateDumb
        {
            public uint Height;
            public uint Width;
            public uint Bpp;
            public uint Flags;
            public uint Handle;
            public uint Pitch;
            public ulong Size;
        }

        /// <summary>Returns the fake offset to mmap the DRM fd at for this dumb buffer.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmModeMapDumb
        {
            public uint Handle;
            public uint Pad;
            public ulong Offset;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct DrmModeDestroyDumb
        {
            public uint Handle;
        }

        /// <summary>
        /// One display mode: pixel clock in kHz, horizontal and vertical timings, refresh in Hz, DRM_MODE_FLAG_* and
        /// DRM_MODE_TYPE_* bits, and a NUL-padded name such as "1024x768".
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        public unsafe struct DrmModeModeinfo
        {
            public uint Clock;
            public ushort Hdisplay;
            public ushort HsyncStart;
            public ushort HsyncEnd;
            public ushort Htotal;
            public ushort Hskew;
            public ushort Vdisplay;
            public ushort VsyncStart;
            public ushort VsyncEnd;
            public ushort Vtotal;
            public ushort Vscan;
            public uint Vrefresh;
            public uint Flags;
            public uint Type;
            public fixed byte Name[DRM_DISPLAY_MODE_LEN];
        }

        /// <summary>
        /// GETCRTC fills fb_id, x, y, gamma_size, mode_valid and mode for crtc_id; set_connectors_ptr and
        /// count_connectors only matter to SETCRTC.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmModeCrtc
        {
            public ulong SetConnectorsPtr;
            public uint CountConnectors;
            public uint CrtcId;
            public uint FbId;
            public uint X;
            public uint Y;
            public uint GammaSize;
            public uint ModeValid;
            public DrmModeModeinfo Mode;
        }

        /// <summary>GETENCODER: type, the CRTC it drives now (0 for none) and bitmasks over the GETRESOURCES CRTC and encoder lists.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmModeGetEncoder
        {
            public uint EncoderId;
            public uint EncoderType;
            public uint CrtcId;
            public uint PossibleCrtcs;
            public uint PossibleClones;
        }

        /// <summary>
        /// GETCONNECTOR, two-pass: the kernel copies an array only when the caller's count covers all of it, and
        /// always writes back the real counts. A zero count_modes from the DRM master makes the kernel probe the sink.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmModeGetConnector
        {
            public ulong EncodersPtr;
            public ulong ModesPtr;
            public ulong PropsPtr;
            public ulong PropValuesPtr;
            public uint CountModes;
            public uint CountProps;
            public uint CountEncoders;
            public uint EncoderId;
            public uint ConnectorId;
            public uint ConnectorType;
            public uint ConnectorTypeId;
            public uint Connection;
            public uint MmWidth;
            public uint MmHeight;
            public uint Subpixel;
            public uint Pad;
        }

        /// <summary>GETPLANERESOURCES: plane ids, two-pass. {u64, u32}: 16 bytes with tail padding on x86_64.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmModeGetPlaneRes
        {
            public ulong PlaneIdPtr;
            public uint CountPlanes;
        }

        /// <summary>GETPLANE: current CRTC and framebuffer (0 for none), possible CRTCs, and the fourcc format list (two-pass).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct DrmModeGetPlane
        {
            public uint PlaneId;
            public uint CrtcId;
            public uint FbId;
            public uint PossibleCrtcs;
            public uint GammaSize;
            public uint CountFormatTypes;
            public ulong FormatTypePtr;
        }
    }
}
