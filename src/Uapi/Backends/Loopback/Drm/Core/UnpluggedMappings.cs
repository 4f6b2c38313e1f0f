namespace Uapi.Backends.Loopback.Drm;

/// <summary>What CPU mappings made through a DRM fd show once the device is unplugged (drm_dev_unplug zaps them all).</summary>
public enum UnpluggedMappings
{
    /// <summary>The next fault maps the buffer's own pages again (drm_gem_shmem_fault: vgem, virtio-gpu), so the contents stay.</summary>
    KeepPages,

    /// <summary>The fault handler refuses once drm_dev_enter() fails and maps a zeroed dummy page (TTM drivers): reads give zeros.</summary>
    ZeroPage,
}
