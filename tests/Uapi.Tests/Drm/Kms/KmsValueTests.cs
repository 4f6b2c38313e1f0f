using Uapi.Drm.Kms;
using Uapi.Raw.Kms;

namespace Uapi.Tests;

public sealed class KmsValueTests
{
    [Fact]
    public void Fourcc_IsLittleEndianAscii()
    {
        Assert.Equal(0x34325258u, Fourcc.From("XR24").Value);
        Assert.Equal("AR24", new Fourcc(0x34325241).ToString());
        Assert.Equal("0x00000001", new Fourcc(1).ToString());
        Assert.Throws<ArgumentException>(() => Fourcc.From("XR2"));
    }

    [Theory]
    [InlineData(KmsConnectorType.Virtual, 1u, "Virtual-1")]
    [InlineData(KmsConnectorType.HdmiA, 2u, "HDMI-A-2")]
    [InlineData(KmsConnectorType.DisplayPort, 3u, "DP-3")]
    [InlineData(KmsConnectorType.EmbeddedDisplayPort, 1u, "eDP-1")]
    [InlineData(KmsConnectorType.NinePinDin, 1u, "DIN-1")]
    public void ConnectorName_IsKernelTypeNameDashTypeId(KmsConnectorType type, uint typeId, string name)
    {
        var c = new KmsConnector(new ConnectorId(1), type, typeId, KmsConnection.Connected, 0, 0, KmsSubpixel.Unknown, [], [], null, 0);
        Assert.Equal(name, c.Name);
    }

    [Fact]
    public unsafe void Mode_RoundTripsThroughTheKernelStruct()
    {
        var m = new KmsMode("1280x800", 107300, 1280, 1600, 1638, 1728, 0, 800, 804, 808, 828, 0, 75,
            KmsModeFlags.NHSync | KmsModeFlags.NVSync, KmsModeType.Preferred | KmsModeType.Driver);
        var raw = m.ToRaw();
        Assert.Equal((byte)0, raw.Name[8]);
        Assert.Equal(m, KmsMode.FromRaw(raw));
    }
}
