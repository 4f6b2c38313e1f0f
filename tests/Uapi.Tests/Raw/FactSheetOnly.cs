namespace Uapi.Tests;

/// <summary>
/// What no header set we compile against has yet, from ../shared/uapi/FACTS.md: the 2026 RFCs, fields and ioctls
/// added after 6.12, and sw_sync's private struct. A C# struct listed here is checked against this row (size, and
/// every field's offset and size); a header set that has an older form of it must be a prefix of the row, and the
/// ioctls that carry it must differ from the header's only in the size bits. A row that 6.12's headers already
/// cover fails the check: it moves to the header check. Layout syntax: "name@offset:size", "+name@offset" for a
/// trailing flexible array.
/// </summary>
internal static class FactSheetOnly
{
    public static readonly NewerStruct[] Structs =
    [
        // drm.h: grew after 6.12 (FACTS §1.3)
        new("drm_syncobj_handle", 24, "handle@0:4 flags@4:4 fd@8:4 pad@12:4 point@16:8", "point: 2025 timeline export/import (≈6.16)"),
        // drm.h: absent from 6.12
        new("drm_set_client_name", 16, "name_len@0:8 name@8:8", "SET_CLIENT_NAME"),
        new("drm_gem_change_handle", 8, "handle@0:4 new_handle@4:4", "GEM_CHANGE_HANDLE"),
        // not a UAPI header at all
        new("sw_sync_create_fence_data", 40, "value@0:4 name@4:32 fence@36:4", "drivers/dma-buf/sw_sync.c: not a UAPI header"),
        // panthor_drm.h: newer than 6.12's (FACTS §4); 6.12 has pad0 where selected_coherency now sits
        new("drm_panthor_gpu_info", 104, "gpu_id@0:4 gpu_rev@4:4 csf_id@8:4 l2_features@12:4 tiler_features@16:4 mem_features@20:4 mmu_features@24:4 " +
            "thread_features@28:4 max_threads@32:4 thread_max_workgroup_size@36:4 thread_max_barrier_size@40:4 coherency_features@44:4 " +
            "texture_features@48:16 as_present@64:4 selected_coherency@68:4 shader_present@72:8 l2_present@80:8 tiler_present@88:8 core_features@96:4 pad@100:4",
            "no panthor header installed; 112 with gpu_features@104 in 2026 trees (unverified)"),
        new("drm_panthor_timestamp_info", 56, "timestamp_frequency@0:8 current_timestamp@8:8 timestamp_offset@16:8 flags@24:4 duration_nsec@28:4 " +
            "cycle_count@32:8 cpu_timestamp_sec@40:8 cpu_timestamp_nsec@48:8", "driver 1.8 form (24 before)"),
        new("drm_panthor_group_priorities_info", 4, "allowed_mask@0:1 pad@1:3", "no panthor header installed"),
        new("drm_panthor_set_user_mmio_offset", 8, "offset@0:8", "driver 1.5"),
        new("drm_panthor_bo_set_label", 16, "handle@0:4 pad@4:4 label@8:8", "driver 1.4"),
        new("drm_panthor_bo_query_info", 16, "handle@0:4 extra_flags@4:4 create_flags@8:4 pad@12:4", "driver 1.7"),
        // vfio.h: newer than 6.12's (FACTS §6)
        new("vfio_region_dma_range", 16, "offset@0:8 length@8:8", "VFIO_DEVICE_FEATURE_DMA_BUF"),
        new("vfio_device_feature_dma_buf", 16, "region_index@0:4 open_flags@4:4 flags@8:4 nr_ranges@12:4 +dma_ranges@16", "VFIO_DEVICE_FEATURE_DMA_BUF"),
        new("vfio_device_bind_iommufd", 24, "argsz@0:4 flags@4:4 iommufd@8:4 out_devid@12:4 token_uuid_ptr@16:8", "vfio cdev; token_uuid_ptr 2025"),
        new("vfio_device_attach_iommufd_pt", 16, "argsz@0:4 flags@4:4 pt_id@8:4 pasid@12:4", "vfio cdev"),
        new("vfio_device_detach_iommufd_pt", 12, "argsz@0:4 flags@4:4 pasid@8:4", "vfio cdev"),
        // /dev/syncobj RFC, include/uapi/linux/syncobj.h (FACTS §7), not merged
        new("syncobj_create_args", 8, "fd@0:4 flags@4:4", "/dev/syncobj RFC"),
        new("syncobj_wait_args", 48, "fds@0:8 points@8:8 timeout_nsec@16:8 count@24:4 flags@28:4 first_signaled@32:4 pad@36:4 deadline_nsec@40:8", "/dev/syncobj RFC"),
        new("syncobj_array_args", 24, "fds@0:8 points@8:8 count@16:4 flags@20:4", "/dev/syncobj RFC"),
        new("syncobj_transfer_args", 32, "src_fd@0:4 dst_fd@4:4 src_point@8:8 dst_point@16:8 flags@24:4 pad@28:4", "/dev/syncobj RFC"),
        new("syncobj_eventfd_args", 24, "syncobj_fd@0:4 eventfd@4:4 point@8:8 flags@16:4 pad@20:4", "/dev/syncobj RFC"),
        new("syncobj_sync_file_args", 16, "syncobj_fd@0:4 sync_file_fd@4:4 point@8:8", "/dev/syncobj RFC"),
        new("dma_heap_allocation_data_charge", 32, "len@0:8 fd@8:4 fd_flags@12:4 heap_flags@16:8 charge_pid_fd@24:4 padding@28:4",
            "dma-heap charge_pid_fd RFC (FACTS §8.2): dma_heap_allocation_data grown to 32 bytes"),
    ];

    public static readonly NewerIoctl[] Ioctls =
    [
        // grown after 6.12: same dir/type/nr as the header, new size
        new("DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD", 0xC01864C1, "drm_syncobj_handle"),
        new("DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE", 0xC01864C2, "drm_syncobj_handle"),
        // absent from 6.12's headers
        new("DRM_IOCTL_SET_CLIENT_NAME", 0xC01064D1, "drm_set_client_name"),
        new("DRM_IOCTL_GEM_CHANGE_HANDLE", 0xC00864D2, "drm_gem_change_handle"),
        new("SW_SYNC_IOC_CREATE_FENCE", 0xC0285700, "sw_sync_create_fence_data"),
        new("DRM_IOCTL_PANTHOR_BO_SET_LABEL", 0xC010644D, "drm_panthor_bo_set_label"),
        new("DRM_IOCTL_PANTHOR_SET_USER_MMIO_OFFSET", 0xC008644E, "drm_panthor_set_user_mmio_offset"),
        new("DRM_IOCTL_PANTHOR_BO_SYNC", 0xC010644F, "drm_panthor_bo_sync"),
        new("DRM_IOCTL_PANTHOR_BO_QUERY_INFO", 0xC0106450, "drm_panthor_bo_query_info"),
        new("SYNCOBJ_IOC_CREATE", 0xC008CD00, "syncobj_create_args"),
        new("SYNCOBJ_IOC_WAIT", 0xC030CD01, "syncobj_wait_args"),
        new("SYNCOBJ_IOC_RESET", 0x4018CD02, "syncobj_array_args"),
        new("SYNCOBJ_IOC_SIGNAL", 0x4018CD03, "syncobj_array_args"),
        new("SYNCOBJ_IOC_QUERY", 0x4018CD04, "syncobj_array_args"),
        new("SYNCOBJ_IOC_TRANSFER", 0x4020CD05, "syncobj_transfer_args"),
        new("SYNCOBJ_IOC_EVENTFD", 0x4018CD06, "syncobj_eventfd_args"),
        new("SYNCOBJ_IOC_EXPORT_SYNC_FILE", 0xC010CD07, "syncobj_sync_file_args"),
        new("SYNCOBJ_IOC_IMPORT_SYNC_FILE", 0x4010CD08, "syncobj_sync_file_args"),
        new("DMA_HEAP_IOCTL_ALLOC_CHARGE", 0xC0204800, "dma_heap_allocation_data_charge"),
    ];

    public static readonly NewerConstant[] Constants =
    [
        new("DRM_CLIENT_CAP_PLANE_COLOR_PIPELINE", 7),
        new("DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE", 2),
        new("DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE", 2),
        new("VFIO_DEVICE_FEATURE_DMA_BUF", 11),
        new("VFIO_DEVICE_BIND_FLAG_TOKEN", 1),
        new("VFIO_DEVICE_ATTACH_PASID", 1),
        new("VFIO_DEVICE_DETACH_PASID", 1),
        new("SYNCOBJ_CREATE_SIGNALED", 1),
        new("SYNCOBJ_WAIT_FLAGS_WAIT_ALL", 1),
        new("SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT", 2),
        new("SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE", 4),
        new("SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE", 8),
        new("SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED", 1),
    ];
}
