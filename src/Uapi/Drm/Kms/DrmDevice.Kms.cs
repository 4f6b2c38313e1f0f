using Uapi.Drm.Kms;
using Uapi.Raw;
using Uapi.Raw.Kms;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Drm;

// Read-only KMS (drm_mode_config.c, drm_connector.c, drm_encoder.c, drm_crtc.c, drm_plane.c). Every list comes
// from a two-pass ioctl: ask for the counts, offer arrays that size, and ask again if a count grew in between
// (a hotplugged MST connector, a probe that found new modes), as libdrm does.
public sealed partial class DrmDevice
{
    /// <summary>How many times a two-pass call is retried when its counts keep growing before giving up with EAGAIN.</summary>
    internal const int KmsMaxPasses = 32;

    // Small first-pass buffers: most connectors have few encoders, so one ioctl usually does.
    private const int FirstPassEncoders = 4;
    // Without a probe the first pass must offer a non-zero mode count (zero asks the master's file to probe).
    private const int FirstPassModes = 32;

    /// <summary>SET_CLIENT_CAP; throws with the kernel's errno (EINVAL for an unknown cap or value, EOPNOTSUPP without KMS).</summary>
    public void SetClientCap(DrmClientCapability capability, ulong value = 1)
    {
        UapiException.Check(Interop.Drm.SetClientCap(Fd, (ulong)capability, value), Fd, nameof(DRM_IOCTL_SET_CLIENT_CAP));
    }

    /// <summary>SET_CLIENT_CAP with the kernel's refusal as a result.</summary>
    public Errno TrySetClientCap(DrmClientCapability capability, ulong value = 1)
    {
        int r = Interop.Drm.SetClientCap(Fd, (ulong)capability, value);
        return r < 0 ? (Errno)(-r) : Errno.None;
    }

    /// <summary>GETRESOURCES: the device's CRTCs, connectors and encoders and this file's framebuffers.</summary>
    public KmsResources GetKmsResources()
    {
        var e = TryGetKmsResources(out var res);
        if (e != Errno.None) throw KmsError(e, nameof(DRM_IOCTL_MODE_GETRESOURCES), null);
        return res!;
    }

    /// <summary>GETRESOURCES with the kernel's refusal as a result (EOPNOTSUPP: not a KMS driver; EACCES: a render node).</summary>
    public Errno TryGetKmsResources(out KmsResources? resources)
    {
        resources = null;
        uint[] fbs = [], crtcs = [], conns = [], encs = [];
        for (int pass = 0; pass < KmsMaxPasses; pass++)
        {
            int rc = Interop.Drm.ModeGetResources(Fd, fbs, crtcs, conns, encs, out var r);
            if (rc < 0) return (Errno)(-rc);
            // The kernel fills min(offered, actual) ids and reports the actual counts: done when nothing was cut off.
            if (r.CountFbs <= fbs.Length && r.CountCrtcs <= crtcs.Length && r.CountConnectors <= conns.Length && r.CountEncoders <= encs.Length)
            {
                resources = new KmsResources(
                    Ids(fbs, r.CountFbs, static v => new FramebufferId(v)), Ids(crtcs, r.CountCrtcs, static v => new CrtcId(v)),
                    Ids(conns, r.CountConnectors, static v => new ConnectorId(v)), Ids(encs, r.CountEncoders, static v => new EncoderId(v)),
                    r.MinWidth, r.MaxWidth, r.MinHeight, r.MaxHeight);
                return Errno.None;
            }
            fbs = new uint[r.CountFbs];
            crtcs = new uint[r.CountCrtcs];
            conns = new uint[r.CountConnectors];
            encs = new uint[r.CountEncoders];
        }
        return Errno.EAGAIN;
    }

    /// <summary>
    /// GETCONNECTOR. With <paramref name="probe"/> (libdrm's drmModeGetConnector) the first pass offers no mode
    /// array, which makes the kernel probe the sink (EDID, connection) when this file is the DRM master; other
    /// files get the last probe's answer. Without it (drmModeGetConnectorCurrent) nothing is probed: a connector
    /// nobody has probed yet reports <see cref="KmsConnection.Unknown"/> and no modes.
    /// </summary>
    public KmsConnector GetConnector(ConnectorId id, bool probe = true)
    {
        var e = TryGetConnector(id, out var connector, probe);
        if (e != Errno.None) throw KmsError(e, nameof(DRM_IOCTL_MODE_GETCONNECTOR), $"connector {id}");
        return connector!;
    }

    /// <summary>GETCONNECTOR with the kernel's refusal as a result (ENOENT: no connector with that id).</summary>
    public Errno TryGetConnector(ConnectorId id, out KmsConnector? connector, bool probe = true)
    {
        connector = null;
        var modes = probe ? [] : new DrmModeModeinfo[FirstPassModes];
        var encs = new uint[FirstPassEncoders];
        for (int pass = 0; pass < KmsMaxPasses; pass++)
        {
            int rc = Interop.Drm.ModeGetConnector(Fd, id.Value, modes, encs, out var c);
            if (rc < 0) return (Errno)(-rc);
            // The kernel copies an array only when the offered count covers all of it.
            if (c.CountModes <= modes.Length && c.CountEncoders <= encs.Length)
            {
                var modeList = new KmsMode[c.CountModes];
                for (int i = 0; i < modeList.Length; i++) modeList[i] = KmsMode.FromRaw(modes[i]);
                connector = new KmsConnector(id, (KmsConnectorType)c.ConnectorType, c.ConnectorTypeId, (KmsConnection)c.Connection,
                    c.MmWidth, c.MmHeight, (KmsSubpixel)c.Subpixel, modeList, Ids(encs, c.CountEncoders, static v => new EncoderId(v)),
                    c.EncoderId == 0 ? null : new EncoderId(c.EncoderId), c.CountProps);
                return Errno.None;
            }
            // Never offer zero modes again: that would probe a second time.
            modes = new DrmModeModeinfo[Math.Max(c.CountModes, 1)];
            encs = new uint[c.CountEncoders];
        }
        return Errno.EAGAIN;
    }

    /// <summary>GETENCODER.</summary>
    public KmsEncoder GetEncoder(EncoderId id)
    {
        var e = TryGetEncoder(id, out var encoder);
        if (e != Errno.None) throw KmsError(e, nameof(DRM_IOCTL_MODE_GETENCODER), $"encoder {id}");
        return encoder!;
    }

    /// <summary>GETENCODER with the kernel's refusal as a result (ENOENT: no encoder with that id).</summary>
    public Errno TryGetEncoder(EncoderId id, out KmsEncoder? encoder)
    {
        int rc = Interop.Drm.ModeGetEncoder(Fd, id.Value, out var g);
        encoder = rc < 0 ? null : new KmsEncoder(id, (KmsEncoderType)g.EncoderType, g.CrtcId == 0 ? null : new CrtcId(g.CrtcId), g.PossibleCrtcs, g.PossibleClones);
        return rc < 0 ? (Errno)(-rc) : Errno.None;
    }

    /// <summary>GETCRTC.</summary>
    public KmsCrtc GetCrtc(CrtcId id)
    {
        var e = TryGetCrtc(id, out var crtc);
        if (e != Errno.None) throw KmsError(e, nameof(DRM_IOCTL_MODE_GETCRTC), $"crtc {id}");
        return crtc!;
    }

    /// <summary>GETCRTC with the kernel's refusal as a result (ENOENT: no CRTC with that id).</summary>
    public Errno TryGetCrtc(CrtcId id, out KmsCrtc? crtc)
    {
        int rc = Interop.Drm.ModeGetCrtc(Fd, id.Value, out var c);
        crtc = rc < 0 ? null : new KmsCrtc(id, c.FbId == 0 ? null : new FramebufferId(c.FbId), c.X, c.Y, c.GammaSize,
            c.ModeValid != 0 ? KmsMode.FromRaw(c.Mode) : null);
        return rc < 0 ? (Errno)(-rc) : Errno.None;
    }

    /// <summary>
    /// GETPLANERESOURCES: the planes this file may see. Only overlay planes unless the file set
    /// <see cref="DrmClientCapability.UniversalPlanes"/> (or <see cref="DrmClientCapability.Atomic"/>) first.
    /// </summary>
    public IReadOnlyList<PlaneId> GetPlaneIds()
    {
        var e = TryGetPlaneIds(out var planes);
        if (e != Errno.None) throw KmsError(e, nameof(DRM_IOCTL_MODE_GETPLANERESOURCES), null);
        return planes!;
    }

    /// <summary>GETPLANERESOURCES with the kernel's refusal as a result.</summary>
    public Errno TryGetPlaneIds(out IReadOnlyList<PlaneId>? planes)
    {
        planes = null;
        uint[] ids = [];
        for (int pass = 0; pass < KmsMaxPasses; pass++)
        {
            int rc = Interop.Drm.ModeGetPlaneResources(Fd, ids, out uint count);
            if (rc < 0) return (Errno)(-rc);
            if (count <= ids.Length)
            {
                planes = Ids(ids, count, static v => new PlaneId(v));
                return Errno.None;
            }
            ids = new uint[count];
        }
        return Errno.EAGAIN;
    }

    /// <summary>GETPLANE, with its format list.</summary>
    public KmsPlane GetPlane(PlaneId id)
    {
        var e = TryGetPlane(id, out var plane);
        if (e != Errno.None) throw KmsError(e, nameof(DRM_IOCTL_MODE_GETPLANE), $"plane {id}");
        return plane!;
    }

    /// <summary>GETPLANE with the kernel's refusal as a result (ENOENT: no plane with that id).</summary>
    public Errno TryGetPlane(PlaneId id, out KmsPlane? plane)
    {
        plane = null;
        uint[] formats = [];
        for (int pass = 0; pass < KmsMaxPasses; pass++)
        {
            int rc = Interop.Drm.ModeGetPlane(Fd, id.Value, formats, out var p);
            if (rc < 0) return (Errno)(-rc);
            if (p.CountFormatTypes <= formats.Length)
            {
                plane = new KmsPlane(id, p.CrtcId == 0 ? null : new CrtcId(p.CrtcId), p.FbId == 0 ? null : new FramebufferId(p.FbId),
                    p.PossibleCrtcs, p.GammaSize, Ids(formats, p.CountFormatTypes, static v => new Fourcc(v)));
                return Errno.None;
            }
            formats = new uint[p.CountFormatTypes];
        }
        return Errno.EAGAIN;
    }

    private static T[] Ids<T>(uint[] raw, uint count, Func<uint, T> make)
    {
        var list = new T[count];
        for (int i = 0; i < list.Length; i++) list[i] = make(raw[i]);
        return list;
    }

    private UapiException KmsError(Errno e, string ioctl, string? what) =>
        new(e, ioctl, Path, e == Errno.EAGAIN ? $"{what ?? "counts"} kept changing over {KmsMaxPasses} passes" : what);
}
