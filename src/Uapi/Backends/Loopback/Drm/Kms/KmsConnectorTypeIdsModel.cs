using Uapi.Raw.Kms;

namespace Uapi.Backends.Loopback.Drm;

/// <summary>
/// The per-type connector index (type_id, the N in "Virtual-N") as drm_connector.c hands it out: one ida per connector
/// type in drm_connector_enum_list[], global to the kernel, so the index counts connectors of that type on every
/// device registered before (on 6.12 with vkms first, virtio-gpu's scanout is Virtual-2). drm_connector_init() takes
/// the lowest free index from 1; drm_connector_cleanup() frees it. One per <see cref="LoopbackBackend"/>.
/// </summary>
public sealed class KmsConnectorTypeIdsModel
{
    private readonly Dictionary<KmsConnectorType, IdTable<KmsConnectorModel>> _idas = new();

    internal uint Alloc(KmsConnectorModel connector)
    {
        IdTable<KmsConnectorModel> ida;
        lock (_idas)
        {
            if (!_idas.TryGetValue(connector.Type, out ida!)) _idas[connector.Type] = ida = new IdTable<KmsConnectorModel>();
        }
        return ida.Add(connector);
    }

    internal void Free(KmsConnectorModel connector)
    {
        IdTable<KmsConnectorModel>? ida;
        lock (_idas) ida = _idas.GetValueOrDefault(connector.Type);
        ida?.Remove(connector.TypeId, out _);
    }
}
