using Uapi.Raw;
using static Uapi.Raw.Interop.Drm;
using static Uapi.Raw.Interop.Virtgpu;
using Uapi.Host;

namespace Uapi.Backends.Loopback.Drm;

/// <summary>
/// virtio-gpu on a host without a 3D renderer (QEMU's virtio-gpu-pci without virgl), as Linux 6.1 answers its
/// driver ioctls (drivers/gpu/drm/virtio/virtgpu_ioctl.c). Every errno here was measured in the VM.
/// </summary>
public sealed class VirtioGpuDeviceModel : DrmDeviceModel
{
    private uint _nextResourceId = 1;

    /// <param name="kms">The scanouts' modeset state.</param>
    /// <param name="syncobj">DRIVER_SYNCOBJ | DRIVER_SYNCOBJ_TIMELINE, which 6.12's driver has and 6.1's lacks.</param>
    public VirtioGpuDeviceModel(KmsModel kms, bool syncobj = false)
        : base("virtio_gpu", "0", "virtio GPU", 0, 1, 0,
            DrmDriverFeatures.Gem | DrmDriverFeatures.Modeset | DrmDriverFeatures.Render | DrmDriverFeatures.Atomic
            | (syncobj ? DrmDriverFeatures.Syncobj | DrmDriverFeatures.SyncobjTimeline : 0))
    {
        Kms = kms;
        PrimeExporterName = "virtio_gpu"; // virtgpu_gem_prime_export: DEFINE_DMA_BUF_EXPORT_INFO, KBUILD_MODNAME
    }

    /// <summary>The host resource id of a GEM object this driver made.</summary>
    private sealed record Resource(uint Id);

    internal override unsafe int DriverIoctl(DrmFile file, uint request, void* arg)
    {
        // drm_ioctl() dispatches on nr alone; the table has no entry at 0 and none past DRM_VIRTGPU_CONTEXT_INIT.
        return (Ioc.Nr(request) - DRM_COMMAND_BASE) switch
        {
            DRM_VIRTGPU_MAP => Map(file, (DrmVirtgpuMap*)arg),
            DRM_VIRTGPU_EXECBUFFER => -(int)Errno.ENOSYS,            // no 3D
            DRM_VIRTGPU_GETPARAM => GetParam((DrmVirtgpuGetparam*)arg),
            DRM_VIRTGPU_RESOURCE_CREATE => ResourceCreate(file, (DrmVirtgpuResourceCreate*)arg),
            DRM_VIRTGPU_RESOURCE_INFO => ResourceInfo(file, (DrmVirtgpuResourceInfo*)arg),
            DRM_VIRTGPU_TRANSFER_FROM_HOST => -(int)Errno.ENOSYS,     // no 3D
            DRM_VIRTGPU_TRANSFER_TO_HOST => TransferToHost(file, *(uint*)arg), // 2D: the guest pages are the loopback's only copy
            DRM_VIRTGPU_WAIT => Wait(file, (DrmVirtgpu3dWait*)arg),
            DRM_VIRTGPU_GET_CAPS => -(int)Errno.ENOSYS,               // no capsets
            DRM_VIRTGPU_RESOURCE_CREATE_BLOB => -(int)Errno.EINVAL,   // no blob support
            DRM_VIRTGPU_CONTEXT_INIT => -(int)Errno.EINVAL,           // no context init
            _ => -(int)Errno.EINVAL,
        };
    }

    private static unsafe int GetParam(DrmVirtgpuGetparam* g)
    {
        int value;
        switch (g->Param)
        {
            case VIRTGPU_PARAM_3D_FEATURES: value = 0; break;
            case VIRTGPU_PARAM_CAPSET_QUERY_FIX: value = 1; break;
            case VIRTGPU_PARAM_RESOURCE_BLOB:
            case VIRTGPU_PARAM_HOST_VISIBLE:
            case VIRTGPU_PARAM_CROSS_DEVICE:
            case VIRTGPU_PARAM_CONTEXT_INIT:
            case VIRTGPU_PARAM_SUPPORTED_CAPSET_IDs: value = 0; break;
            default: return -(int)Errno.EINVAL; // checked before the pointer
        }
        // The answer goes through the user pointer in .value (4 bytes); the struct is not written.
        if (g->Value == 0) return -(int)Errno.EFAULT;
        *(int*)g->Value = value;
        return 0;
    }

    private unsafe int ResourceCreate(DrmFile file, DrmVirtgpuResourceCreate* rc)
    {
        // Without virgl only plain 2D textures.
        if (rc->Depth > 1 || rc->NrSamples > 1 || rc->LastLevel > 1 || rc->Target != 2 || rc->ArraySize > 1)
            return -(int)Errno.EINVAL;
        // Size 0 gets one page; the guest object is page-aligned. Width, height and format go to the host, which
        // reports bad values asynchronously (a kernel log line), not through the ioctl. size and stride are not
        // written back.
        ulong size = rc->Size == 0 ? HostOs.PageSize : HostOs.PageAlign(rc->Size);
        uint resourceId;
        lock (GemLock) resourceId = _nextResourceId++; // a device-wide sequence, never reused
        var obj = NewGemObject(size, new Resource(resourceId));
        rc->BoHandle = file.AddHandle(obj);
        rc->ResHandle = resourceId;
        return 0;
    }

    private unsafe int ResourceInfo(DrmFile file, DrmVirtgpuResourceInfo* ri)
    {
        var obj = file.LookupHandle(ri->BoHandle);
        if (obj is null) return -(int)Errno.ENOENT;
        ri->ResHandle = (obj.DriverData as Resource)?.Id ?? 0;
        ri->Size = (uint)obj.Size;
        ri->BlobMem = 0; // not a blob
        return 0;
    }

    private unsafe int Map(DrmFile file, DrmVirtgpuMap* m)
    {
        // pad is not checked.
        var obj = file.LookupHandle(m->Handle);
        if (obj is null) return -(int)Errno.ENOENT;
        m->Offset = MmapOffset(obj);
        return 0;
    }

    private static int TransferToHost(DrmFile file, uint handle) =>
        file.LookupHandle(handle) is null ? -(int)Errno.ENOENT : 0;

    private static unsafe int Wait(DrmFile file, DrmVirtgpu3dWait* w)
    {
        // 6.1 looks the handle up before anything else and does not check flags. Nothing is ever queued to a
        // loopback host, so every buffer is idle.
        return file.LookupHandle(w->Handle) is null ? -(int)Errno.ENOENT : 0;
    }
}
