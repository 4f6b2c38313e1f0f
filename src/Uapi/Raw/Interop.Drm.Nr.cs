namespace Uapi.Raw;

// drm_ioctl() finds a core ioctl by nr alone (the request's low byte), so a table indexed by nr is how the kernel
// (drm_ioctls[] in drivers/gpu/drm/drm_ioctl.c) and the loopback dispatch. An nr we bind is derived from its request;
// the rest (legacy and KMS ioctls we do not bind) keep the drm.h names of their requests. The parts carry no access
// modifier, so they take the one Interop.Drm.cs declares.
static partial class Interop
{
    static partial class Drm
    {
        public const uint DRM_NR_VERSION = DRM_IOCTL_VERSION & Ioc.NrMask;
        public const uint DRM_NR_GET_UNIQUE = 0x01;
        public const uint DRM_NR_GET_MAGIC = 0x02;
        public const uint DRM_NR_IRQ_BUSID = 0x03;
        public const uint DRM_NR_GET_MAP = 0x04;
        public const uint DRM_NR_GET_CLIENT = 0x05;
        public const uint DRM_NR_GET_STATS = 0x06;
        public const uint DRM_NR_SET_VERSION = 0x07;
        public const uint DRM_NR_MODESET_CTL = 0x08;
        public const uint DRM_NR_GEM_CLOSE = DRM_IOCTL_GEM_CLOSE & Ioc.NrMask;
        public const uint DRM_NR_GEM_FLINK = DRM_IOCTL_GEM_FLINK & Ioc.NrMask;
        public const uint DRM_NR_GEM_OPEN = DRM_IOCTL_GEM_OPEN & Ioc.NrMask;
        public const uint DRM_NR_GET_CAP = DRM_IOCTL_GET_CAP & Ioc.NrMask;
        public const uint DRM_NR_SET_CLIENT_CAP = DRM_IOCTL_SET_CLIENT_CAP & Ioc.NrMask;
        public const uint DRM_NR_SET_UNIQUE = 0x10;
        public const uint DRM_NR_AUTH_MAGIC = 0x11;
        public const uint DRM_NR_BLOCK = 0x12;
        public const uint DRM_NR_UNBLOCK = 0x13;
        public const uint DRM_NR_CONTROL = 0x14;
        public const uint DRM_NR_ADD_MAP = 0x15;
        public const uint DRM_NR_ADD_BUFS = 0x16;
        public const uint DRM_NR_MARK_BUFS = 0x17;
        public const uint DRM_NR_INFO_BUFS = 0x18;
        public const uint DRM_NR_MAP_BUFS = 0x19;
        public const uint DRM_NR_FREE_BUFS = 0x1A;
        public const uint DRM_NR_RM_MAP = 0x1B;
        public const uint DRM_NR_SET_SAREA_CTX = 0x1C;
        public const uint DRM_NR_GET_SAREA_CTX = 0x1D;
        public const uint DRM_NR_SET_MASTER = DRM_IOCTL_SET_MASTER & Ioc.NrMask;
        public const uint DRM_NR_DROP_MASTER = DRM_IOCTL_DROP_MASTER & Ioc.NrMask;
        public const uint DRM_NR_ADD_CTX = 0x20;
        public const uint DRM_NR_RM_CTX = 0x21;
        public const uint DRM_NR_MOD_CTX = 0x22;
        public const uint DRM_NR_GET_CTX = 0x23;
        public const uint DRM_NR_SWITCH_CTX = 0x24;
        public const uint DRM_NR_NEW_CTX = 0x25;
        public const uint DRM_NR_RES_CTX = 0x26;
        public const uint DRM_NR_ADD_DRAW = 0x27;
        public const uint DRM_NR_RM_DRAW = 0x28;
        public const uint DRM_NR_DMA = 0x29;
        public const uint DRM_NR_LOCK = 0x2A;
        public const uint DRM_NR_UNLOCK = 0x2B;
        public const uint DRM_NR_FINISH = 0x2C;
        public const uint DRM_NR_PRIME_HANDLE_TO_FD = DRM_IOCTL_PRIME_HANDLE_TO_FD & Ioc.NrMask;
        public const uint DRM_NR_PRIME_FD_TO_HANDLE = DRM_IOCTL_PRIME_FD_TO_HANDLE & Ioc.NrMask;
        public const uint DRM_NR_AGP_ACQUIRE = 0x30;
        public const uint DRM_NR_AGP_RELEASE = 0x31;
        public const uint DRM_NR_AGP_ENABLE = 0x32;
        public const uint DRM_NR_AGP_INFO = 0x33;
        public const uint DRM_NR_AGP_ALLOC = 0x34;
        public const uint DRM_NR_AGP_FREE = 0x35;
        public const uint DRM_NR_AGP_BIND = 0x36;
        public const uint DRM_NR_AGP_UNBIND = 0x37;
        public const uint DRM_NR_SG_ALLOC = 0x38;
        public const uint DRM_NR_SG_FREE = 0x39;
        public const uint DRM_NR_WAIT_VBLANK = 0x3A;
        public const uint DRM_NR_CRTC_GET_SEQUENCE = 0x3B;
        public const uint DRM_NR_CRTC_QUEUE_SEQUENCE = 0x3C;
        public const uint DRM_NR_UPDATE_DRAW = 0x3F;

        public const uint DRM_NR_MODE_GETRESOURCES = DRM_IOCTL_MODE_GETRESOURCES & Ioc.NrMask;
        public const uint DRM_NR_MODE_GETCRTC = DRM_IOCTL_MODE_GETCRTC & Ioc.NrMask;
        public const uint DRM_NR_MODE_SETCRTC = 0xA2;
        public const uint DRM_NR_MODE_CURSOR = 0xA3;
        public const uint DRM_NR_MODE_GETGAMMA = 0xA4;
        public const uint DRM_NR_MODE_SETGAMMA = 0xA5;
        public const uint DRM_NR_MODE_GETENCODER = DRM_IOCTL_MODE_GETENCODER & Ioc.NrMask;
        public const uint DRM_NR_MODE_GETCONNECTOR = DRM_IOCTL_MODE_GETCONNECTOR & Ioc.NrMask;
        public const uint DRM_NR_MODE_ATTACHMODE = 0xA8;
        public const uint DRM_NR_MODE_DETACHMODE = 0xA9;
        public const uint DRM_NR_MODE_GETPROPERTY = 0xAA;
        public const uint DRM_NR_MODE_SETPROPERTY = 0xAB;
        public const uint DRM_NR_MODE_GETPROPBLOB = 0xAC;
        public const uint DRM_NR_MODE_GETFB = 0xAD;
        public const uint DRM_NR_MODE_ADDFB = 0xAE;
        public const uint DRM_NR_MODE_RMFB = 0xAF;
        public const uint DRM_NR_MODE_PAGE_FLIP = 0xB0;
        public const uint DRM_NR_MODE_DIRTYFB = 0xB1;
        public const uint DRM_NR_MODE_CREATE_DUMB = DRM_IOCTL_MODE_CREATE_DUMB & Ioc.NrMask;
        public const uint DRM_NR_MODE_MAP_DUMB = DRM_IOCTL_MODE_MAP_DUMB & Ioc.NrMask;
        public const uint DRM_NR_MODE_DESTROY_DUMB = DRM_IOCTL_MODE_DESTROY_DUMB & Ioc.NrMask;
        public const uint DRM_NR_MODE_GETPLANERESOURCES = DRM_IOCTL_MODE_GETPLANERESOURCES & Ioc.NrMask;
        public const uint DRM_NR_MODE_GETPLANE = DRM_IOCTL_MODE_GETPLANE & Ioc.NrMask;
        public const uint DRM_NR_MODE_SETPLANE = 0xB7;
        public const uint DRM_NR_MODE_ADDFB2 = 0xB8;
        public const uint DRM_NR_MODE_OBJ_GETPROPERTIES = 0xB9;
        public const uint DRM_NR_MODE_OBJ_SETPROPERTY = 0xBA;
        public const uint DRM_NR_MODE_CURSOR2 = 0xBB;
        public const uint DRM_NR_MODE_ATOMIC = 0xBC;
        public const uint DRM_NR_MODE_CREATEPROPBLOB = 0xBD;
        public const uint DRM_NR_MODE_DESTROYPROPBLOB = 0xBE;

        public const uint DRM_NR_SYNCOBJ_CREATE = DRM_IOCTL_SYNCOBJ_CREATE & Ioc.NrMask;
        public const uint DRM_NR_SYNCOBJ_DESTROY = DRM_IOCTL_SYNCOBJ_DESTROY & Ioc.NrMask;
        public const uint DRM_NR_SYNCOBJ_HANDLE_TO_FD = DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD & Ioc.NrMask;
        public const uint DRM_NR_SYNCOBJ_FD_TO_HANDLE = DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE & Ioc.NrMask;
        public const uint DRM_NR_SYNCOBJ_WAIT = DRM_IOCTL_SYNCOBJ_WAIT & Ioc.NrMask;
        public const uint DRM_NR_SYNCOBJ_RESET = DRM_IOCTL_SYNCOBJ_RESET & Ioc.NrMask;
        public const uint DRM_NR_SYNCOBJ_SIGNAL = DRM_IOCTL_SYNCOBJ_SIGNAL & Ioc.NrMask;
        public const uint DRM_NR_MODE_CREATE_LEASE = 0xC6;
        public const uint DRM_NR_MODE_LIST_LESSEES = 0xC7;
        public const uint DRM_NR_MODE_GET_LEASE = 0xC8;
        public const uint DRM_NR_MODE_REVOKE_LEASE = 0xC9;
        public const uint DRM_NR_SYNCOBJ_TIMELINE_WAIT = DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT & Ioc.NrMask;
        public const uint DRM_NR_SYNCOBJ_QUERY = DRM_IOCTL_SYNCOBJ_QUERY & Ioc.NrMask;
        public const uint DRM_NR_SYNCOBJ_TRANSFER = DRM_IOCTL_SYNCOBJ_TRANSFER & Ioc.NrMask;
        public const uint DRM_NR_SYNCOBJ_TIMELINE_SIGNAL = DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL & Ioc.NrMask;
        public const uint DRM_NR_MODE_GETFB2 = 0xCE;
        public const uint DRM_NR_SYNCOBJ_EVENTFD = DRM_IOCTL_SYNCOBJ_EVENTFD & Ioc.NrMask;
        public const uint DRM_NR_MODE_CLOSEFB = 0xD0;
    }
}
