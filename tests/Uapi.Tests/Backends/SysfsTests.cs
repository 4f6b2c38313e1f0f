using Uapi.Backends;

namespace Uapi.Tests;

/// <summary>
/// The kernel backend's sysfs reader, on a copy of the layout measured in the 6.1 VM (symlinks and attribute
/// files as the kernel writes them), so its parsing is checked on the host too.
/// </summary>
public sealed class SysfsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("uapi-sysfs-").FullName;

    public SysfsTests()
    {
        Write("proc/devices", "Character devices:\n  1 mem\n  5 /dev/tty\n 10 misc\n226 drm\n246 vfio\n\nBlock devices:\n259 blkext\n261 notchar\n");
        // vgem: a bare platform device, no driver bound.
        Dir("sys/devices/platform/vgem/drm/card0");
        Dir("sys/devices/platform/vgem/drm/renderD128");
        Dir("sys/bus/platform");
        Dir("sys/class/drm");
        Link("sys/devices/platform/vgem/subsystem", "../../../bus/platform");
        // virtio-gpu: the PCI function of the virtio transport, bound to virtio-pci.
        const string pci = "sys/devices/pci0000:00/0000:00:02.0";
        Dir(pci + "/drm/card1/card1-Virtual-1");
        Dir(pci + "/drm/renderD129");
        Dir("sys/bus/pci/drivers/virtio-pci");
        Link(pci + "/subsystem", "../../../bus/pci");
        Link(pci + "/driver", "../../../bus/pci/drivers/virtio-pci");
        Write(pci + "/vendor", "0x1af4\n");
        Write(pci + "/device", "0x1050\n");
        Write(pci + "/subsystem_vendor", "0x1af4\n");
        Write(pci + "/subsystem_device", "0x1100\n");
        Write(pci + "/revision", "0x01\n");
        foreach (var (minor, dir) in new[] { ("226:0", "platform/vgem/drm/card0"), ("226:128", "platform/vgem/drm/renderD128"),
                                              ("226:1", "pci0000:00/0000:00:02.0/drm/card1"), ("226:129", "pci0000:00/0000:00:02.0/drm/renderD129") })
        {
            var name = Path.GetFileName(dir);
            Write($"sys/devices/{dir}/dev", minor + "\n");
            Link($"sys/devices/{dir}/subsystem", "../../../../../class/drm");
            Link($"sys/devices/{dir}/device", "../..");
            Link($"sys/dev/char/{minor}", "../../devices/" + dir);
            Link("sys/class/drm/" + name, "../../devices/" + dir);
        }
        // A connector: in the class, with no dev file.
        Link("sys/class/drm/card1-Virtual-1", "../../devices/pci0000:00/0000:00:02.0/drm/card1/card1-Virtual-1");
        Write("sys/class/drm/version", "drm 1.1.0 20060810\n");
    }

    private void Dir(string p) => Directory.CreateDirectory(Path.Join(_root, p));
    private void Write(string p, string text) { Dir(Path.GetDirectoryName(p)!); File.WriteAllText(Path.Join(_root, p), text); }
    private void Link(string p, string target) { Dir(Path.GetDirectoryName(p)!); File.CreateSymbolicLink(Path.Join(_root, p), target); }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Sysfs Reader => new(_root);

    [Fact]
    public void CharMajor_ReadsTheCharacterSectionOnly()
    {
        Assert.Equal(226u, Reader.CharMajor("drm"));
        Assert.Equal(10u, Reader.CharMajor("misc"));
        Assert.Null(Reader.CharMajor("accel"));
        Assert.Null(Reader.CharMajor("notchar")); // a block major of that name is not a char major
        Assert.Null(Reader.CharMajor("blkext"));
    }

    [Fact]
    public void Describe_Vgem_IsPlatformWithoutDriver()
    {
        var card = Reader.Describe(226, 0)!;
        Assert.Equal("card0", card.Name);
        Assert.Equal("drm", card.Class);
        Assert.Equal(new SysfsDevice("/sys/devices/platform/vgem", "platform", null, null), card.Device);
        Assert.Equal(card.Device, Reader.Describe(226, 128)!.Device);
        Assert.Equal(SysfsDevice.Platform("vgem"), card.Device);
    }

    [Fact]
    public void Describe_VirtioGpu_IsPciWithIdsAndBoundDriver()
    {
        var render = Reader.Describe(226, 129)!;
        Assert.Equal("renderD129", render.Name);
        Assert.Equal(SysfsDevice.PciFunction("0000:00:02.0", "virtio-pci", new PciIds(0x1af4, 0x1050, 0x1af4, 0x1100, 1)), render.Device);
        Assert.Equal("0000:00:02.0", render.Device.Name);
    }

    [Fact]
    public void Describe_UnknownNumber_IsNull() => Assert.Null(Reader.Describe(226, 2));

    [Fact]
    public void EnumerateClass_ListsMinorsWithDevNumbers_NotConnectorsOrFiles()
    {
        Assert.Equal([(226u, 0u), (226u, 1u), (226u, 128u), (226u, 129u)], Reader.EnumerateClass("drm"));
        Assert.Empty(Reader.EnumerateClass("accel"));
    }

    [Fact]
    public void PciFunction_RejectsMalformedAddresses() =>
        Assert.Throws<ArgumentException>(() => SysfsDevice.PciFunction("00:02.0", null, default));
}
