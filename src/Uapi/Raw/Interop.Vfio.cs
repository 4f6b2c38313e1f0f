using System.Runtime.InteropServices;

namespace Uapi.Raw;

// include/uapi/linux/vfio.h. Every request is _IO(';', 100 + n): no size in the number, argsz carries it,
// and several numbers mean different things on container and device fds.
public static partial class Interop
{
    public static partial class Vfio
    {
        public const uint VFIO_TYPE = 0x3B; // ';'
        public const uint VFIO_BASE = 100;
        public const int VFIO_API_VERSION = 0;

        /// <summary>_IO(VFIO_TYPE, VFIO_BASE + 0)</summary>
        public const uint VFIO_GET_API_VERSION = 0x3B64;
        /// <summary>_IO(VFIO_TYPE, VFIO_BASE + 1); the extension id is the integer argument</summary>
        public const uint VFIO_CHECK_EXTENSION = 0x3B65;
        /// <summary>_IO(VFIO_TYPE, VFIO_BASE + 2)</summary>
        public const uint VFIO_SET_IOMMU = 0x3B66;
        /// <summary>_IO(VFIO_TYPE, VFIO_BASE + 3)</summary>
        public const uint VFIO_GROUP_GET_STATUS = 0x3B67;
        /// <summary>_IO(VFIO_TYPE, VFIO_BASE + 4)</summary>
        public const uint VFIO_GROUP_SET_CONTAINER = 0x3B68;
        /// <summary>_IO(VFIO_TYPE, VFIO_BASE + 5)</summary>
        public const uint VFIO_GROUP_UNSET_CONTAINER = 0x3B69;
        /// <summary>_IO(VFIO_TYPE, VFIO_BASE + 6)</summary>
        public const uint VFIO_GROUP_GET_DEVICE_FD = 0x3B6A;

        public const uint VFIO_TYPE1_IOMMU = 1;
        public const uint VFIO_SPAPR_TCE_IOMMU = 2;
        public const uint VFIO_TYPE1v2_IOMMU = 3;
        public const uint VFIO_DMA_CC_IOMMU = 4;
        public const uint VFIO_NOIOMMU_IOMMU = 8;
        public const uint VFIO_UNMAP_ALL = 9;
        public const uint VFIO_UPDATE_VADDR = 10;

        public const uint VFIO_GROUP_FLAGS_VIABLE = 1 << 0;
        public const uint VFIO_GROUP_FLAGS_CONTAINER_SET = 1 << 1;

        /// <summary>Whether every device in the group is bound to a VFIO driver, and whether a container is set.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct VfioGroupStatus
        {
            public uint Argsz;
            public uint Flags;
        }
    }
}
