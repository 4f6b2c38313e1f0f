using Uapi.Raw.Kms;

namespace Uapi.Backends.Loopback.Drm;

public sealed class KmsConnectorModel(KmsConnectorType type, IReadOnlyList<KmsEncoderModel> possibleEncoders)
{
    public uint Id { get; internal set; }
    public KmsConnectorType Type { get; } = type;
    /// <summary>The per-type index ("Virtual-2"), numbered across every device of the kernel: see <see cref="KmsConnectorTypeIdsModel"/>.</summary>
    public uint TypeId { get; internal set; }
    public IReadOnlyList<KmsEncoderModel> PossibleEncoders { get; } = possibleEncoders;
    public KmsEncoderModel? Encoder { get; set; }
    public KmsConnection Connection { get; set; } = KmsConnection.Disconnected;
    public uint MmWidth { get; set; }
    public uint MmHeight { get; set; }
    public KmsSubpixel Subpixel { get; set; }

    /// <summary>What the attached sink offers (its EDID); a probe copies it into <see cref="Modes"/>.</summary>
    public List<KmsMode> SinkModes { get; } = [];

    /// <summary>The modes the last probe found: what GETCONNECTOR reports.</summary>
    public List<KmsMode> Modes { get; } = [];

    /// <summary>Properties in attachment order, with their current values.</summary>
    public List<(KmsPropertyModel Property, ulong Value)> Properties { get; } = [];

    /// <summary>
    /// fill_modes(): take the sink's modes in drm_mode_sort's order: preferred first, then larger area, higher
    /// refresh, higher clock; ties keep the sink's order.
    /// </summary>
    public void Probe()
    {
        Modes.Clear();
        if (Connection != KmsConnection.Connected) return;
        Modes.AddRange(SinkModes
            .Select((m, i) => (m, i))
            .OrderByDescending(x => x.m.IsPreferred)
            .ThenByDescending(x => (int)x.m.HDisplay * x.m.VDisplay)
            .ThenByDescending(x => x.m.VRefresh)
            .ThenByDescending(x => x.m.Clock)
            .ThenBy(x => x.i)
            .Select(x => x.m));
    }
}
