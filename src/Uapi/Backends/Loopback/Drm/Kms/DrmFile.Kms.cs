using Uapi.Raw.Kms;
using static Uapi.Raw.Interop.Drm;
using Uapi.Raw;

namespace Uapi.Backends.Loopback.Drm;

// KMS ioctls (MODE_GETRESOURCES..MODE_GETFB2, drm_mode_config.c and friends), reached only on DRIVER_MODESET devices, and the
// client caps that shape what they show. Read-only KMS is modelled; the rest answers EINVAL.
internal sealed unsafe partial class DrmFile
{
    // Client caps (struct drm_file): per open file, never shared through the device.
    private bool _stereoAllowed, _universalPlanes, _atomic, _aspectRatioAllowed, _writebackConnectors;

    /// <summary>drm_setclientcap() as 6.1 answers (measured in the VM).</summary>
    private int SetClientCap(DrmSetClientCap* c)
    {
        // Every cap, known or not, is EOPNOTSUPP on a driver without modesetting (vgem).
        if (!Device.Has(DrmDriverFeatures.Modeset)) return -(int)Errno.EOPNOTSUPP;
        ulong v = c->Value;
        switch (c->Capability)
        {
            case DRM_CLIENT_CAP_STEREO_3D:
                if (v > 1) return -(int)Errno.EINVAL;
                _stereoAllowed = v != 0;
                return 0;
            case DRM_CLIENT_CAP_UNIVERSAL_PLANES:
                if (v > 1) return -(int)Errno.EINVAL;
                _universalPlanes = v != 0;
                return 0;
            case DRM_CLIENT_CAP_ATOMIC:
                if (!Device.Has(DrmDriverFeatures.Atomic)) return -(int)Errno.EOPNOTSUPP;
                if (v > 2) return -(int)Errno.EINVAL;
                // Atomic brings universal planes and aspect-ratio modes with it, and clearing it drops them.
                _atomic = _universalPlanes = _aspectRatioAllowed = v != 0;
                return 0;
            case DRM_CLIENT_CAP_ASPECT_RATIO:
                if (v > 1) return -(int)Errno.EINVAL;
                _aspectRatioAllowed = v != 0;
                return 0;
            case DRM_CLIENT_CAP_WRITEBACK_CONNECTORS:
                // Checked before the value: without atomic even 0 is refused.
                if (!_atomic) return -(int)Errno.EINVAL;
                if (v > 1) return -(int)Errno.EINVAL;
                _writebackConnectors = v != 0;
                return 0;
            default:
                // CURSOR_PLANE_HOTSPOT (6) and later are unknown to 6.1.
                return -(int)Errno.EINVAL;
        }
    }

    private int KmsIoctl(uint nr, void* arg)
    {
        var kms = Device.Kms;
        if (kms is null) return -(int)Errno.EINVAL;
        lock (kms.Lock)
        {
            kms.BeforeIoctl?.Invoke(nr);
            return nr switch
            {
                DRM_NR_MODE_GETRESOURCES => GetResources(kms, (DrmModeCardRes*)arg),
                DRM_NR_MODE_GETCRTC => GetCrtc(kms, (DrmModeCrtc*)arg),
                DRM_NR_MODE_GETENCODER => GetEncoder(kms, (DrmModeGetEncoder*)arg),
                DRM_NR_MODE_GETCONNECTOR => GetConnector(kms, (DrmModeGetConnector*)arg),
                DRM_NR_MODE_GETPLANERESOURCES => GetPlaneResources(kms, (DrmModeGetPlaneRes*)arg),
                DRM_NR_MODE_GETPLANE => GetPlane(kms, (DrmModeGetPlane*)arg),
                _ => -(int)Errno.EINVAL, // not modelled: mode setting, properties, framebuffers
            };
        }
    }

    /// <summary>
    /// Copies min(offered, actual) ids, as GETRESOURCES and GETPLANERESOURCES do, and reports the actual count.
    /// A null array with a non-zero count faults on the first id it would write.
    /// </summary>
    private static int CopyPrefix(ulong ptr, ref uint count, IReadOnlyList<uint> ids)
    {
        int n = (int)Math.Min(count, (uint)ids.Count);
        if (n > 0 && ptr == 0) return -(int)Errno.EFAULT;
        for (int i = 0; i < n; i++) ((uint*)ptr)[i] = ids[i];
        count = (uint)ids.Count;
        return 0;
    }

    /// <summary>Copies all ids only when the offered count covers them, as GETCONNECTOR and GETPLANE do; always reports the count.</summary>
    private static int CopyAllOrNothing(ulong ptr, ref uint count, IReadOnlyList<uint> ids)
    {
        if (ids.Count > 0 && count >= ids.Count)
        {
            if (ptr == 0) return -(int)Errno.EFAULT;
            for (int i = 0; i < ids.Count; i++) ((uint*)ptr)[i] = ids[i];
        }
        count = (uint)ids.Count;
        return 0;
    }

    private int GetResources(KmsModel kms, DrmModeCardRes* r)
    {
        // A file's framebuffers are its own (ADDFB is not modelled, so a fresh file has none); the fbdev
        // console's framebuffer belongs to no file.
        int e = CopyPrefix(r->FbIdPtr, ref r->CountFbs, []);
        if (e != 0) return e;
        r->MinWidth = kms.MinWidth;
        r->MaxWidth = kms.MaxWidth;
        r->MinHeight = kms.MinHeight;
        r->MaxHeight = kms.MaxHeight;
        e = CopyPrefix(r->CrtcIdPtr, ref r->CountCrtcs, kms.Crtcs.Select(c => c.Id).ToList());
        if (e == 0) e = CopyPrefix(r->EncoderIdPtr, ref r->CountEncoders, kms.Encoders.Select(x => x.Id).ToList());
        // Writeback connectors are listed only to files that asked for them.
        if (e == 0) e = CopyPrefix(r->ConnectorIdPtr, ref r->CountConnectors,
            kms.Connectors.Where(c => c.Type != KmsConnectorType.Writeback || _writebackConnectors).Select(c => c.Id).ToList());
        return e;
    }

    private int GetConnector(KmsModel kms, DrmModeGetConnector* c)
    {
        var conn = kms.Find<KmsConnectorModel>(c->ConnectorId);
        if (conn is null) return -(int)Errno.ENOENT;

        int e = CopyAllOrNothing(c->EncodersPtr, ref c->CountEncoders, conn.PossibleEncoders.Select(x => x.Id).ToList());
        if (e != 0) return e;
        c->ConnectorType = (uint)conn.Type;
        c->ConnectorTypeId = conn.TypeId;

        // No mode array from the master means "probe the sink"; anyone else gets the last probe's list.
        if (c->CountModes == 0 && IsMaster) conn.Probe();
        c->MmWidth = conn.MmWidth;
        c->MmHeight = conn.MmHeight;
        c->Subpixel = (uint)conn.Subpixel;
        c->Connection = (uint)conn.Connection;

        // Stereo modes are exposed only to files with the STEREO_3D cap.
        var modes = conn.Modes.Where(m => _stereoAllowed || (m.Flags & KmsModeFlags.Stereo3DMask) == 0).ToList();
        int modeCount = modes.Count;
        if (modeCount > 0 && c->CountModes >= modeCount)
        {
            if (c->ModesPtr == 0) return -(int)Errno.EFAULT;
            var dst = (DrmModeModeinfo*)c->ModesPtr;
            for (int i = 0; i < modeCount; i++) dst[i] = UserMode(modes[i]);
        }
        c->CountModes = (uint)modeCount;
        c->EncoderId = conn.Encoder?.Id ?? 0;

        // drm_mode_object_get_properties(): atomic-only properties are hidden from legacy files; copies a prefix.
        var props = conn.Properties.Where(p => !p.Property.AtomicOnly || _atomic).ToList();
        int copy = (int)Math.Min(c->CountProps, (uint)props.Count);
        if (copy > 0 && (c->PropsPtr == 0 || c->PropValuesPtr == 0)) return -(int)Errno.EFAULT;
        for (int i = 0; i < copy; i++)
        {
            ((uint*)c->PropsPtr)[i] = props[i].Property.Id;
            ((ulong*)c->PropValuesPtr)[i] = props[i].Property.Name == "CRTC_ID" ? conn.Encoder?.Crtc?.Id ?? 0 : props[i].Value;
        }
        c->CountProps = (uint)props.Count;
        return 0;
    }

    /// <summary>A mode as this file may see it: aspect-ratio bits only for files that asked for them.</summary>
    private DrmModeModeinfo UserMode(KmsMode mode)
    {
        var m = mode.ToRaw();
        if (!_aspectRatioAllowed) m.Flags &= ~DRM_MODE_FLAG_PIC_AR_MASK;
        return m;
    }

    private static int GetEncoder(KmsModel kms, DrmModeGetEncoder* g)
    {
        var enc = kms.Find<KmsEncoderModel>(g->EncoderId);
        if (enc is null) return -(int)Errno.ENOENT;
        g->CrtcId = enc.Crtc?.Id ?? 0;
        g->EncoderType = (uint)enc.Type;
        g->PossibleCrtcs = enc.PossibleCrtcs;
        g->PossibleClones = enc.PossibleClones;
        return 0;
    }

    private int GetCrtc(KmsModel kms, DrmModeCrtc* c)
    {
        var crtc = kms.Find<KmsCrtcModel>(c->CrtcId);
        if (crtc is null) return -(int)Errno.ENOENT;
        c->GammaSize = crtc.GammaSize;
        // Atomic drivers report the primary plane's framebuffer and source position.
        c->FbId = crtc.Primary.FramebufferId;
        c->X = crtc.Primary.SrcX;
        c->Y = crtc.Primary.SrcY;
        if (crtc.Mode is { } mode)
        {
            c->Mode = UserMode(mode);
            c->ModeValid = 1;
        }
        else
        {
            c->Mode = default;
            c->ModeValid = 0;
        }
        return 0;
    }

    private int GetPlaneResources(KmsModel kms, DrmModeGetPlaneRes* r)
    {
        // Without universal planes a file sees only overlays.
        var ids = kms.Planes.Where(p => _universalPlanes || p.Kind == KmsPlaneKind.Overlay).Select(p => p.Id).ToList();
        return CopyPrefix(r->PlaneIdPtr, ref r->CountPlanes, ids);
    }

    private static int GetPlane(KmsModel kms, DrmModeGetPlane* p)
    {
        // Any plane id answers, universal planes or not (measured on 6.1).
        var plane = kms.Find<KmsPlaneModel>(p->PlaneId);
        if (plane is null) return -(int)Errno.ENOENT;
        p->CrtcId = plane.Crtc?.Id ?? 0;
        p->FbId = plane.FramebufferId;
        p->PossibleCrtcs = plane.PossibleCrtcs;
        p->GammaSize = 0;
        return CopyAllOrNothing(p->FormatTypePtr, ref p->CountFormatTypes, plane.Formats.Select(f => f.Value).ToList());
    }
}
