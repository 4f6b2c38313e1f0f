namespace Uapi.Tests;

/// <summary>
/// Layouts newer than the installed (6.1-era) headers, from ../shared/uapi/FACTS.md. A C# struct listed here
/// is checked against this row (size, and every field's offset and size) instead of the header; when the
/// header also has the struct, every header field must sit at the same offset with the same size (the old
/// struct is a prefix of the new one), and the ioctls that carry it must differ from the header's only in the
/// size bits. Layout syntax: "name@offset:size", "+name@offset" for a trailing flexible array.
/// </summary>
internal static class NewerThanInstalledHeaders
{
    public static readonly NewerStruct[] Structs =
    [
        // drm.h: grew after 6.1 (FACTS §1.3, §1.4)
        new("drm_syncobj_handle", 24, "handle@0:4 flags@4:4 fd@8:4 pad@12:4 point@16:8", "point: 2025 timeline export/import (≈6.16)"),
        new("drm_syncobj_wait", 40, "handles@0:8 timeout_nsec@8:8 count_handles@16:4 flags@20:4 first_signaled@24:4 pad@28:4 deadline_nsec@32:8", "deadline (≈6.4)"),
        new("drm_syncobj_timeline_wait", 48, "handles@0:8 points@8:8 timeout_nsec@16:8 count_handles@24:4 flags@28:4 first_signaled@32:4 pad@36:4 deadline_nsec@40:8", "deadline (≈6.4)"),
        // drm.h: absent from 6.1
        new("drm_syncobj_eventfd", 24, "handle@0:4 flags@4:4 point@8:8 fd@16:4 pad@20:4", "SYNCOBJ_EVENTFD, 6.6"),
        new("drm_set_client_name", 16, "name_len@0:8 name@8:8", "SET_CLIENT_NAME"),
        new("drm_gem_change_handle", 8, "handle@0:4 new_handle@4:4", "GEM_CHANGE_HANDLE"),
        // vgem_drm.h: not installed (FACTS §5.1)
        new("drm_vgem_fence_attach", 16, "handle@0:4 flags@4:4 out_fence@8:4 pad@12:4", "no vgem header installed"),
        new("drm_vgem_fence_signal", 8, "fence@0:4 flags@4:4", "no vgem header installed"),
        new("sw_sync_create_fence_data", 40, "value@0:4 name@4:32 fence@36:4", "drivers/dma-buf/sw_sync.c: not a UAPI header"),
        // virtgpu_drm.h: libdrm 2.4.114 ships a very old copy (FACTS §5.2)
        new("drm_virtgpu_execbuffer", 64, "flags@0:4 size@4:4 command@8:8 bo_handles@16:8 num_bo_handles@24:4 fence_fd@28:4 ring_idx@32:4 " +
            "syncobj_stride@36:4 num_in_syncobjs@40:4 num_out_syncobjs@44:4 in_syncobjs@48:8 out_syncobjs@56:8", "libdrm's virtgpu_drm.h predates ring_idx and syncobjs"),
        new("drm_virtgpu_resource_create_blob", 48, "blob_mem@0:4 blob_flags@4:4 bo_handle@8:4 res_handle@12:4 size@16:8 pad@24:4 cmd_size@28:4 cmd@32:8 blob_id@40:8",
            "libdrm's virtgpu_drm.h predates blobs"),
        // panthor_drm.h: not installed (FACTS §4)
        new("drm_panthor_dev_query", 16, "type@0:4 size@4:4 pointer@8:8", "no panthor header installed"),
        new("drm_panthor_gpu_info", 104, "gpu_id@0:4 gpu_rev@4:4 csf_id@8:4 l2_features@12:4 tiler_features@16:4 mem_features@20:4 mmu_features@24:4 " +
            "thread_features@28:4 max_threads@32:4 thread_max_workgroup_size@36:4 thread_max_barrier_size@40:4 coherency_features@44:4 " +
            "texture_features@48:16 as_present@64:4 selected_coherency@68:4 shader_present@72:8 l2_present@80:8 tiler_present@88:8 core_features@96:4 pad@100:4",
            "no panthor header installed; 112 with gpu_features@104 in 2026 trees (unverified)"),
        new("drm_panthor_csif_info", 24, "csg_slot_count@0:4 cs_slot_count@4:4 cs_reg_count@8:4 scoreboard_slot_count@12:4 unpreserved_cs_reg_count@16:4 pad@20:4",
            "no panthor header installed"),
        new("drm_panthor_timestamp_info", 56, "timestamp_frequency@0:8 current_timestamp@8:8 timestamp_offset@16:8 flags@24:4 duration_nsec@28:4 " +
            "cycle_count@32:8 cpu_timestamp_sec@40:8 cpu_timestamp_nsec@48:8", "driver 1.8 form (24 before)"),
        new("drm_panthor_group_priorities_info", 4, "allowed_mask@0:1 pad@1:3", "no panthor header installed"),
        new("drm_panthor_set_user_mmio_offset", 8, "offset@0:8", "driver 1.5"),
        new("drm_panthor_vm_create", 16, "flags@0:4 id@4:4 user_va_range@8:8", "no panthor header installed"),
        new("drm_panthor_vm_destroy", 8, "id@0:4 pad@4:4", "no panthor header installed"),
        new("drm_panthor_tiler_heap_destroy", 8, "handle@0:4 pad@4:4", "no panthor header installed"),
        new("drm_panthor_bo_set_label", 16, "handle@0:4 pad@4:4 label@8:8", "driver 1.4"),
        new("drm_panthor_bo_query_info", 16, "handle@0:4 extra_flags@4:4 create_flags@8:4 pad@12:4", "driver 1.7"),
        // sync_file.h
        new("sync_set_deadline", 16, "deadline_ns@0:8 pad@8:8", "SYNC_IOC_SET_DEADLINE (≈6.4)"),
        // vfio.h (FACTS §6)
        new("vfio_device_info", 24, "argsz@0:4 flags@4:4 num_regions@8:4 num_irqs@12:4 cap_offset@16:4 pad@20:4", "pad added after 6.1 (20 → 24)"),
        new("vfio_iommu_type1_info", 24, "argsz@0:4 flags@4:4 iova_pgsizes@8:8 cap_offset@16:4 pad@20:4", "explicit pad added after 6.1 (size unchanged)"),
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
        // grown: same dir/type/nr as the installed header, new size
        new("DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD", 0xC01864C1, "drm_syncobj_handle"),
        new("DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE", 0xC01864C2, "drm_syncobj_handle"),
        new("DRM_IOCTL_SYNCOBJ_WAIT", 0xC02864C3, "drm_syncobj_wait"),
        new("DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT", 0xC03064CA, "drm_syncobj_timeline_wait"),
        new("DRM_IOCTL_VIRTGPU_EXECBUFFER", 0xC0406442, "drm_virtgpu_execbuffer"),
        new("DRM_IOCTL_VIRTGPU_TRANSFER_FROM_HOST", 0xC02C6446, "drm_virtgpu_3d_transfer_from_host"),
        new("DRM_IOCTL_VIRTGPU_TRANSFER_TO_HOST", 0xC02C6447, "drm_virtgpu_3d_transfer_to_host"),
        // absent from the installed headers
        new("DRM_IOCTL_SYNCOBJ_EVENTFD", 0xC01864CF, "drm_syncobj_eventfd"),
        new("DRM_IOCTL_SET_CLIENT_NAME", 0xC01064D1, "drm_set_client_name"),
        new("DRM_IOCTL_GEM_CHANGE_HANDLE", 0xC00864D2, "drm_gem_change_handle"),
        new("DRM_IOCTL_VGEM_FENCE_ATTACH", 0xC0106441, "drm_vgem_fence_attach"),
        new("DRM_IOCTL_VGEM_FENCE_SIGNAL", 0x40086442, "drm_vgem_fence_signal"),
        new("SW_SYNC_IOC_CREATE_FENCE", 0xC0285700, "sw_sync_create_fence_data"),
        new("DRM_IOCTL_VIRTGPU_RESOURCE_CREATE_BLOB", 0xC030644A, "drm_virtgpu_resource_create_blob"),
        new("DRM_IOCTL_VIRTGPU_CONTEXT_INIT", 0xC010644B, "drm_virtgpu_context_init"),
        new("DRM_IOCTL_PANTHOR_DEV_QUERY", 0xC0106440, "drm_panthor_dev_query"),
        new("DRM_IOCTL_PANTHOR_VM_CREATE", 0xC0106441, "drm_panthor_vm_create"),
        new("DRM_IOCTL_PANTHOR_VM_DESTROY", 0xC0086442, "drm_panthor_vm_destroy"),
        new("DRM_IOCTL_PANTHOR_TILER_HEAP_DESTROY", 0xC008644C, "drm_panthor_tiler_heap_destroy"),
        new("DRM_IOCTL_PANTHOR_BO_SET_LABEL", 0xC010644D, "drm_panthor_bo_set_label"),
        new("DRM_IOCTL_PANTHOR_SET_USER_MMIO_OFFSET", 0xC008644E, "drm_panthor_set_user_mmio_offset"),
        new("DRM_IOCTL_PANTHOR_BO_SYNC", 0xC010644F, "drm_panthor_bo_sync"),
        new("DRM_IOCTL_PANTHOR_BO_QUERY_INFO", 0xC0106450, "drm_panthor_bo_query_info"),
        new("SYNC_IOC_SET_DEADLINE", 0x40103E05, "sync_set_deadline"),
        new("VFIO_DEVICE_BIND_IOMMUFD", 0x3B76, null),
        new("VFIO_DEVICE_ATTACH_IOMMUFD_PT", 0x3B77, null),
        new("VFIO_DEVICE_DETACH_IOMMUFD_PT", 0x3B78, null),
        new("VFIO_MIG_GET_PRECOPY_INFO", 0x3B79, null),
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
        new("DRM_CAP_ATOMIC_ASYNC_PAGE_FLIP", 0x15),
        new("DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT", 6),
        new("DRM_CLIENT_CAP_PLANE_COLOR_PIPELINE", 7),
        new("DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE", 2),
        new("DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE", 2),
        new("DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE", 8),
        new("DRM_VGEM_FENCE_ATTACH", 0x1),
        new("DRM_VGEM_FENCE_SIGNAL", 0x2),
        new("VGEM_FENCE_WRITE", 1),
        new("VIRTGPU_EXECBUF_RING_IDX", 4),
        new("VIRTGPU_PARAM_RESOURCE_BLOB", 3),
        new("VIRTGPU_PARAM_HOST_VISIBLE", 4),
        new("VIRTGPU_PARAM_CROSS_DEVICE", 5),
        new("VIRTGPU_PARAM_CONTEXT_INIT", 6),
        new("VIRTGPU_PARAM_SUPPORTED_CAPSET_IDs", 7),
        new("DRM_PANTHOR_USER_MMIO_OFFSET_32BIT", 1UL << 43),
        new("DRM_PANTHOR_USER_MMIO_OFFSET_64BIT", 1UL << 56),
        new("DRM_PANTHOR_USER_MMIO_OFFSET", 1UL << 56),
        new("DRM_PANTHOR_USER_FLUSH_ID_MMIO_OFFSET", 1UL << 56),
        new("VFIO_DEVICE_FLAGS_CDX", 1 << 8),
        new("VFIO_DEVICE_FEATURE_MIG_DATA_SIZE", 9),
        new("VFIO_DEVICE_FEATURE_BUS_MASTER", 10),
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
