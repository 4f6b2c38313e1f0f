using Uapi.Raw.Kms;

namespace Uapi.Backends.Loopback.Drm;

/// <summary>
/// The modeset state of one device (struct drm_mode_config): CRTCs, encoders, connectors, planes, properties
/// and framebuffers, all in one id space as the kernel's drm_mode_object idr. Built once per device; every KMS
/// ioctl of every file holds <see cref="Lock"/>.
/// </summary>
public sealed class KmsModel
{
    private readonly Dictionary<uint, object> _objects = new();
    private uint _nextId = 1;

    /// <param name="minWidth">mode_config.min_width, as GETRESOURCES reports it.</param>
    /// <param name="minHeight">mode_config.min_height.</param>
    /// <param name="maxWidth">mode_config.max_width.</param>
    /// <param name="maxHeight">mode_config.max_height.</param>
    /// <param name="connectorTypeIds">
    /// The kernel-wide connector index allocator (<see cref="LoopbackBackend.ConnectorTypeIds"/>), so connector names
    /// count the connectors of other devices too; null numbers this device's connectors as if it were alone.
    /// </param>
    public KmsModel(uint minWidth, uint minHeight, uint maxWidth, uint maxHeight, KmsConnectorTypeIdsModel? connectorTypeIds = null)
    {
        ConnectorTypeIds = connectorTypeIds ?? new KmsConnectorTypeIdsModel();
        MinWidth = minWidth;
        MinHeight = minHeight;
        MaxWidth = maxWidth;
        MaxHeight = maxHeight;
    }

    public uint MinWidth { get; }
    public uint MinHeight { get; }
    public uint MaxWidth { get; }
    public uint MaxHeight { get; }
    public KmsConnectorTypeIdsModel ConnectorTypeIds { get; }

    internal object Lock { get; } = new();

    // Registration order is the kernel's list order, and a CRTC's index in this list is its possible_crtcs bit.
    public List<KmsCrtcModel> Crtcs { get; } = [];
    public List<KmsEncoderModel> Encoders { get; } = [];
    public List<KmsConnectorModel> Connectors { get; } = [];
    public List<KmsPlaneModel> Planes { get; } = [];

    /// <summary>Called (under <see cref="Lock"/>) at the start of every KMS ioctl with its nr: tests use it to hotplug between two passes.</summary>
    internal Action<uint>? BeforeIoctl { get; set; }

    internal T? Find<T>(uint id) where T : class => _objects.GetValueOrDefault(id) as T;

    private uint Register(object obj)
    {
        uint id = _nextId++;
        _objects[id] = obj;
        return id;
    }

    /// <summary>A property (drm_property); atomic-only ones are shown only to files with the ATOMIC client cap.</summary>
    public KmsPropertyModel AddProperty(string name, bool atomicOnly = false)
    {
        lock (Lock)
        {
            var p = new KmsPropertyModel(name, atomicOnly);
            p.Id = Register(p);
            return p;
        }
    }

    /// <summary>An id for an object the model does not describe further (a property blob, an in-kernel client's framebuffer).</summary>
    public uint AddOpaqueObject(string what)
    {
        lock (Lock) return Register(what);
    }

    public KmsPlaneModel AddPlane(KmsPlaneKind kind, uint possibleCrtcs, IReadOnlyList<Fourcc> formats)
    {
        lock (Lock)
        {
            var p = new KmsPlaneModel(kind, possibleCrtcs, formats);
            p.Id = Register(p);
            Planes.Add(p);
            return p;
        }
    }

    public KmsCrtcModel AddCrtc(KmsPlaneModel primary, KmsPlaneModel? cursor, uint gammaSize = 0)
    {
        lock (Lock)
        {
            var c = new KmsCrtcModel(primary, cursor, gammaSize) { Index = Crtcs.Count };
            c.Id = Register(c);
            Crtcs.Add(c);
            return c;
        }
    }

    public KmsEncoderModel AddEncoder(KmsEncoderType type, uint possibleCrtcs)
    {
        lock (Lock)
        {
            var e = new KmsEncoderModel(type, possibleCrtcs);
            e.Id = Register(e);
            // drm_mode_config_validate(): every encoder can at least be cloned with itself.
            e.PossibleClones = 1u << Encoders.Count;
            Encoders.Add(e);
            return e;
        }
    }

    /// <summary>
    /// A connector (drm_connector_init); its per-type index (type_id) is the lowest free one for its type across every
    /// device sharing <see cref="ConnectorTypeIds"/>, as the kernel assigns them.
    /// </summary>
    public KmsConnectorModel AddConnector(KmsConnectorType type, IReadOnlyList<KmsEncoderModel> possibleEncoders)
    {
        lock (Lock)
        {
            var c = new KmsConnectorModel(type, possibleEncoders);
            c.TypeId = ConnectorTypeIds.Alloc(c);
            c.Id = Register(c);
            Connectors.Add(c);
            return c;
        }
    }

    /// <summary>Hot-unplug of a connector (an MST port going away): its id stops resolving and its type index is free again.</summary>
    public void RemoveConnector(KmsConnectorModel connector)
    {
        lock (Lock)
        {
            if (!Connectors.Remove(connector)) return;
            _objects.Remove(connector.Id);
            ConnectorTypeIds.Free(connector);
        }
    }

    /// <summary>What an in-kernel client (fbdev emulation) does at boot: light a CRTC with a mode and a framebuffer.</summary>
    public void Light(KmsCrtcModel crtc, KmsConnectorModel connector, KmsEncoderModel encoder, KmsMode mode, uint framebufferId)
    {
        lock (Lock)
        {
            crtc.Mode = mode;
            crtc.Primary.Crtc = crtc;
            crtc.Primary.FramebufferId = framebufferId;
            encoder.Crtc = crtc;
            connector.Encoder = encoder;
        }
    }
}
