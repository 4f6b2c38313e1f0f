using Uapi.Drm;
using Uapi.Drm.Kms;
using Uapi.Raw.Kms;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Conformance;

/// <summary>
/// Read-only KMS on virtio-gpu (and its absence on vgem), as the kernel answers it. Whether the CRTC is lit
/// depends on the kernel (the stock kernel's fbdev console lights it, the test kernel has none), so no case
/// assumes either; a case that needs modes probes as the DRM master first.
/// </summary>
public unsafe class KmsCases
{
    private static DrmDevice OpenVirtioPrimary()
    {
        Capabilities.Require(Capabilities.VirtioGpu);
        return DrmDevice.Open(Capabilities.FindPrimaryNode("virtio_gpu")!, Capabilities.Backend);
    }

    /// <summary>Virtual connectors on the KMS devices whose primary node comes before <paramref name="path"/>.</summary>
    private static uint VirtualConnectorsBefore(string path)
    {
        uint count = 0;
        var minor = Capabilities.Backend.CharDevice(path)!.Value.Minor;
        foreach (var node in Capabilities.Backend.EnumerateNodes())
        {
            if (node.Kind != Backends.DeviceNodeKind.DrmPrimary || node.Minor >= minor) continue;
            using var other = DrmDevice.Open(node.Path, Capabilities.Backend);
            if (other.TryGetCap(DRM_CAP_DUMB_BUFFER, out var dumb) != Errno.None || dumb == 0) continue; // not KMS
            foreach (var id in other.GetKmsResources().Connectors)
                if (other.GetConnector(id).Type == KmsConnectorType.Virtual) count++;
        }
        return count;
    }

    private static DrmDevice OpenVirtioRender()
    {
        Capabilities.Require(Capabilities.VirtioGpu);
        return DrmDevice.Open(Capabilities.FindRenderNode("virtio_gpu")!, Capabilities.Backend);
    }

    private static DrmDevice OpenVgemPrimary()
    {
        Capabilities.Require(Capabilities.Vgem);
        return DrmDevice.Open(Capabilities.FindPrimaryNode("vgem")!, Capabilities.Backend);
    }

    // Hand-built, for what the raw calls never send: a count with no array behind it.
    private static int Ioctl<T>(DrmDevice dev, uint request, ref T arg) where T : unmanaged
    {
        fixed (T* p = &arg) return dev.Backend.Ioctl(dev.Fd, request, p);
    }

    // ---- GETRESOURCES ----

    [Fact]
    public void GetResources_OnVirtioGpu_ListsCrtcsConnectorsAndEncoders_WithDistinctIds()
    {
        using var dev = OpenVirtioPrimary();
        var r = dev.GetKmsResources();
        Assert.NotEmpty(r.Crtcs);
        Assert.NotEmpty(r.Connectors);
        Assert.NotEmpty(r.Encoders);
        // One id space for every KMS object.
        var all = r.Crtcs.Select(c => c.Value).Concat(r.Connectors.Select(c => c.Value)).Concat(r.Encoders.Select(e => e.Value)).ToList();
        Assert.DoesNotContain(0u, all);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.True(r.MinWidth <= r.MaxWidth && r.MinHeight <= r.MaxHeight, $"limits {r.MinWidth}x{r.MinHeight} .. {r.MaxWidth}x{r.MaxHeight}");
        Assert.True(r.MaxWidth > 0 && r.MaxHeight > 0);
    }

    [Fact]
    public void GetResources_FreshFile_ListsNoFramebuffers_EvenWhileTheConsoleScansOneOut()
    {
        using var dev = OpenVirtioPrimary();
        Assert.Empty(dev.GetKmsResources().Framebuffers);
    }

    [Fact]
    public void GetResources_WithLargerArrays_FillsTheActualCountAndLeavesTheRest()
    {
        using var dev = OpenVirtioPrimary();
        var expected = dev.GetKmsResources();
        var crtcs = stackalloc uint[8];
        var conns = stackalloc uint[8];
        for (int i = 0; i < 8; i++) crtcs[i] = conns[i] = 0xDEADBEEF;
        Assert.Equal(0, ModeGetResources(dev.Fd, default, new Span<uint>(crtcs, 8), new Span<uint>(conns, 8), default, out var r));
        Assert.Equal((uint)expected.Crtcs.Count, r.CountCrtcs);
        Assert.Equal((uint)expected.Connectors.Count, r.CountConnectors);
        Assert.Equal(expected.Crtcs[0].Value, crtcs[0]);
        Assert.Equal(0xDEADBEEFu, crtcs[expected.Crtcs.Count]);
        Assert.Equal(0xDEADBEEFu, conns[expected.Connectors.Count]);
    }

    [Fact]
    public void GetResources_WithCountButNoArray_FailsWithEfault()
    {
        using var dev = OpenVirtioPrimary();
        var r = new DrmModeCardRes { CountCrtcs = 1 };
        Assert.Equal(-(int)Errno.EFAULT, Ioctl(dev, DRM_IOCTL_MODE_GETRESOURCES, ref r));
    }

    public static TheoryData<string, uint> KmsReads => new()
    {
        { nameof(DRM_IOCTL_MODE_GETRESOURCES), DRM_IOCTL_MODE_GETRESOURCES },
        { nameof(DRM_IOCTL_MODE_GETCONNECTOR), DRM_IOCTL_MODE_GETCONNECTOR },
        { nameof(DRM_IOCTL_MODE_GETENCODER), DRM_IOCTL_MODE_GETENCODER },
        { nameof(DRM_IOCTL_MODE_GETCRTC), DRM_IOCTL_MODE_GETCRTC },
        { nameof(DRM_IOCTL_MODE_GETPLANERESOURCES), DRM_IOCTL_MODE_GETPLANERESOURCES },
        { nameof(DRM_IOCTL_MODE_GETPLANE), DRM_IOCTL_MODE_GETPLANE },
    };

    [Theory]
    [MemberData(nameof(KmsReads))]
    public void KmsRead_OnARenderNode_FailsWithEacces(string name, uint request)
    {
        using var dev = OpenVirtioRender();
        var arg = stackalloc byte[128]; // zeroed, larger than any of these structs
        new Span<byte>(arg, 128).Clear();
        Assert.True(-(int)Errno.EACCES == dev.Backend.Ioctl(dev.Fd, request, arg), name);
    }

    [Theory]
    [MemberData(nameof(KmsReads))]
    public void KmsRead_OnVgem_WhichHasNoModesetting_FailsWithEopnotsupp(string name, uint request)
    {
        using var dev = OpenVgemPrimary();
        var arg = stackalloc byte[128];
        new Span<byte>(arg, 128).Clear();
        Assert.True(-(int)Errno.EOPNOTSUPP == dev.Backend.Ioctl(dev.Fd, request, arg), name);
    }

    [Fact]
    public void GetKmsResources_OnVgem_ThrowsEopnotsuppNamingTheIoctlAndPath()
    {
        using var dev = OpenVgemPrimary();
        var e = Assert.Throws<UapiException>(() => dev.GetKmsResources());
        Assert.Equal(Errno.EOPNOTSUPP, e.Errno);
        Assert.Equal(nameof(DRM_IOCTL_MODE_GETRESOURCES), e.Operation);
        Assert.Equal(dev.Path, e.DevicePath);
    }

    [Fact]
    public void GetCap_DumbBuffer_OnAModesettingDriver_IsOne()
    {
        using var dev = OpenVirtioPrimary();
        Assert.Equal(1UL, dev.GetCap(DrmCapability.DumbBuffer));
    }

    // ---- GETCONNECTOR ----

    [Fact]
    public void GetConnector_ProbedByTheMaster_VirtioGpuScanoutIsVirtualNAndConnected()
    {
        using var dev = OpenVirtioPrimary();
        var r = dev.GetKmsResources();
        var c = dev.GetConnector(r.Connectors[0], probe: true);
        Assert.Equal(KmsConnectorType.Virtual, c.Type);
        // Type ids are numbered per connector type across all devices (one ida per type in drm_connector.c):
        // on 6.12 with VKMS registered first, virtio-gpu's scanout is Virtual-2.
        Assert.Equal(1u + VirtualConnectorsBefore(dev.Path), c.TypeId);
        Assert.Equal($"Virtual-{c.TypeId}", c.Name);
        Assert.Equal(KmsConnection.Connected, c.Connection);
        Assert.NotEmpty(c.Modes);
        Assert.NotEmpty(c.Encoders);
        Assert.All(c.Encoders, e => Assert.Contains(e, r.Encoders));
        if (c.Encoder is { } current) Assert.Contains(current, c.Encoders);
    }

    [Fact]
    public void GetConnector_Modes_PreferredFirst_NamedAfterTheirSize_WithTheRefreshTheirTimingsGive()
    {
        using var dev = OpenVirtioPrimary();
        var r = dev.GetKmsResources();
        var modes = dev.GetConnector(r.Connectors[0]).Modes;
        Assert.True(modes[0].IsPreferred, $"first mode {modes[0]} is not preferred");
        // drm_mode_sort: every preferred mode comes before every other one.
        int firstOther = modes.ToList().FindIndex(m => !m.IsPreferred);
        if (firstOther >= 0) Assert.DoesNotContain(modes.Skip(firstOther), m => m.IsPreferred);
        foreach (var m in modes)
        {
            Assert.Equal($"{m.HDisplay}x{m.VDisplay}{(m.IsInterlaced ? "i" : "")}", m.Name);
            Assert.Equal(RefreshFromTimings(m), m.VRefresh);
            Assert.True(m.HDisplay <= m.HSyncStart && m.HSyncStart <= m.HSyncEnd && m.HSyncEnd <= m.HTotal, m.ToString());
            Assert.True(m.VDisplay <= m.VSyncStart && m.VSyncStart <= m.VSyncEnd && m.VSyncEnd <= m.VTotal, m.ToString());
            Assert.True(m.HDisplay <= r.MaxWidth && m.VDisplay <= r.MaxHeight, $"{m} exceeds {r.MaxWidth}x{r.MaxHeight}");
        }
    }

    /// <summary>drm_mode_vrefresh(): pixels per second over pixels per frame, rounded to the closest Hz.</summary>
    private static uint RefreshFromTimings(KmsMode m)
    {
        ulong num = (ulong)m.Clock * 1000, den = (ulong)m.HTotal * m.VTotal;
        if (m.IsInterlaced) num *= 2;
        if ((m.Flags & KmsModeFlags.DoubleScan) != 0) den *= 2;
        if (m.VScan > 1) den *= m.VScan;
        return (uint)((num + den / 2) / den);
    }

    [Fact]
    public void GetConnector_WithTooSmallModeArray_CopiesNothingButReportsTheCount()
    {
        using var dev = OpenVirtioPrimary();
        var id = dev.GetKmsResources().Connectors[0];
        int count = dev.GetConnector(id).Modes.Count; // probes, so the list is not empty
        Assert.True(count > 1, $"needs more than one mode, has {count}");
        var modes = stackalloc DrmModeModeinfo[1];
        new Span<byte>(modes, sizeof(DrmModeModeinfo)).Fill(0xAB);
        Assert.Equal(0, ModeGetConnector(dev.Fd, id.Value, new Span<DrmModeModeinfo>(modes, 1), default, out var c));
        Assert.Equal((uint)count, c.CountModes);
        Assert.Equal(0xABABABABu, modes[0].Clock);
    }

    [Theory]
    [InlineData("modes")]
    [InlineData("encoders")]
    [InlineData("props")]
    public void GetConnector_WithCountButNoArray_FailsWithEfault(string array)
    {
        using var dev = OpenVirtioPrimary();
        var id = dev.GetKmsResources().Connectors[0];
        var found = dev.GetConnector(id);
        var c = new DrmModeGetConnector { ConnectorId = id.Value };
        switch (array)
        {
            case "modes": c.CountModes = (uint)found.Modes.Count; break;
            case "encoders": c.CountEncoders = (uint)found.Encoders.Count; break;
            case "props": c.CountProps = found.PropertyCount; break;
        }
        Assert.Equal(-(int)Errno.EFAULT, Ioctl(dev, DRM_IOCTL_MODE_GETCONNECTOR, ref c));
    }

    [Fact]
    public void GetConnector_UnknownIdOrAnotherObjectsId_FailsWithEnoent()
    {
        using var dev = OpenVirtioPrimary();
        var r = dev.GetKmsResources();
        Assert.Equal(Errno.ENOENT, dev.TryGetConnector(new ConnectorId(0), out _));
        Assert.Equal(Errno.ENOENT, dev.TryGetConnector(new ConnectorId(0x7FFFFFFF), out _));
        Assert.Equal(Errno.ENOENT, dev.TryGetConnector(new ConnectorId(r.Crtcs[0].Value), out _));
        Assert.Equal(Errno.ENOENT, dev.TryGetConnector(new ConnectorId(r.Encoders[0].Value), out _));
        var e = Assert.Throws<UapiException>(() => dev.GetConnector(new ConnectorId(0)));
        Assert.Equal(nameof(DRM_IOCTL_MODE_GETCONNECTOR), e.Operation);
        Assert.Equal(dev.Path, e.DevicePath);
    }

    // ---- GETENCODER / GETCRTC ----

    [Fact]
    public void GetEncoder_VirtioGpu_IsVirtual_CanDriveAListedCrtc_AndClonesWithItself()
    {
        using var dev = OpenVirtioPrimary();
        var r = dev.GetKmsResources();
        for (int i = 0; i < r.Encoders.Count; i++)
        {
            var e = dev.GetEncoder(r.Encoders[i]);
            Assert.Equal(KmsEncoderType.Virtual, e.Type);
            var possible = r.CrtcsIn(e.PossibleCrtcs);
            Assert.NotEmpty(possible);
            if (e.Crtc is { } crtc) Assert.Contains(crtc, possible);
            Assert.Contains(r.Encoders[i], r.EncodersIn(e.PossibleClones));
        }
    }

    [Fact]
    public void GetEncoder_UnknownIdOrAnotherObjectsId_FailsWithEnoent()
    {
        using var dev = OpenVirtioPrimary();
        var r = dev.GetKmsResources();
        Assert.Equal(Errno.ENOENT, dev.TryGetEncoder(new EncoderId(0), out _));
        Assert.Equal(Errno.ENOENT, dev.TryGetEncoder(new EncoderId(0x7FFFFFFF), out _));
        Assert.Equal(Errno.ENOENT, dev.TryGetEncoder(new EncoderId(r.Crtcs[0].Value), out _));
        Assert.Equal(Errno.ENOENT, dev.TryGetEncoder(new EncoderId(r.Connectors[0].Value), out _));
    }

    [Fact]
    public void GetCrtc_UnknownIdOrAnotherObjectsId_FailsWithEnoent()
    {
        using var dev = OpenVirtioPrimary();
        var r = dev.GetKmsResources();
        Assert.Equal(Errno.ENOENT, dev.TryGetCrtc(new CrtcId(0), out _));
        Assert.Equal(Errno.ENOENT, dev.TryGetCrtc(new CrtcId(0x7FFFFFFF), out _));
        Assert.Equal(Errno.ENOENT, dev.TryGetCrtc(new CrtcId(r.Connectors[0].Value), out _));
        Assert.Equal(Errno.ENOENT, dev.TryGetCrtc(new CrtcId(r.Encoders[0].Value), out _));
    }

    [Fact]
    public void GetCrtc_OnVirtioGpu_HasAModeExactlyWhenItScansOutAFramebuffer_AndTheModeIsOneTheConnectorOffers()
    {
        using var dev = OpenVirtioPrimary();
        var r = dev.GetKmsResources();
        var connectorModes = dev.GetConnector(r.Connectors[0]).Modes;
        foreach (var id in r.Crtcs)
        {
            var c = dev.GetCrtc(id);
            Assert.Equal(c.Mode is null, c.Framebuffer is null);
            Assert.Equal(0u, c.GammaSize);
            if (c.Mode is not { } mode) continue;
            Assert.Contains(connectorModes, m => m with { Type = KmsModeType.None } == mode with { Type = KmsModeType.None });
            Assert.True(c.X + mode.HDisplay <= r.MaxWidth && c.Y + mode.VDisplay <= r.MaxHeight);
        }
    }

    // ---- planes and client caps ----

    [Fact]
    public void GetPlaneResources_WithoutUniversalPlanes_HidesPrimaryAndCursorPlanes()
    {
        using var dev = OpenVirtioPrimary();
        int crtcs = dev.GetKmsResources().Crtcs.Count;
        var legacy = dev.GetPlaneIds();
        dev.SetClientCap(DrmClientCapability.UniversalPlanes);
        var universal = dev.GetPlaneIds();
        Assert.All(legacy, p => Assert.Contains(p, universal));
        // Every CRTC has a primary plane, which only universal-planes files see.
        Assert.True(universal.Count >= legacy.Count + crtcs, $"{legacy.Count} planes without the cap, {universal.Count} with it, {crtcs} CRTCs");
    }

    [Fact]
    public void SetClientCap_Atomic_BringsUniversalPlanes_AndClearingItTakesThemAway()
    {
        using var dev = OpenVirtioPrimary();
        int legacy = dev.GetPlaneIds().Count;
        dev.SetClientCap(DrmClientCapability.Atomic);
        int atomic = dev.GetPlaneIds().Count;
        Assert.True(atomic > legacy, $"{legacy} planes before ATOMIC, {atomic} after");
        dev.SetClientCap(DrmClientCapability.Atomic, 0);
        Assert.Equal(legacy, dev.GetPlaneIds().Count);
    }

    [Theory]
    [InlineData(DrmClientCapability.Stereo3D, 2UL)]
    [InlineData(DrmClientCapability.UniversalPlanes, 2UL)]
    [InlineData(DrmClientCapability.Atomic, 3UL)]
    [InlineData(DrmClientCapability.AspectRatio, 2UL)]
    [InlineData((DrmClientCapability)0, 1UL)]
    [InlineData((DrmClientCapability)99, 1UL)]
    public void SetClientCap_UnknownCapOrValueOutOfRange_FailsWithEinval(DrmClientCapability cap, ulong value)
    {
        using var dev = OpenVirtioPrimary();
        Assert.Equal(Errno.EINVAL, dev.TrySetClientCap(cap, value));
    }

    [Fact]
    public void SetClientCap_WritebackConnectors_NeedsAtomicFirst()
    {
        using var dev = OpenVirtioPrimary();
        Assert.Equal(Errno.EINVAL, dev.TrySetClientCap(DrmClientCapability.WritebackConnectors));
        dev.SetClientCap(DrmClientCapability.Atomic);
        Assert.Equal(Errno.None, dev.TrySetClientCap(DrmClientCapability.WritebackConnectors));
    }

    [Theory]
    [InlineData(DrmClientCapability.UniversalPlanes)]
    [InlineData(DrmClientCapability.Atomic)]
    [InlineData(DrmClientCapability.Stereo3D)]
    [InlineData((DrmClientCapability)99)]
    public void SetClientCap_AnyCap_OnVgem_FailsWithEopnotsupp(DrmClientCapability cap)
    {
        using var dev = OpenVgemPrimary();
        Assert.Equal(Errno.EOPNOTSUPP, dev.TrySetClientCap(cap));
    }

    [Fact]
    public void SetClientCap_OnARenderNode_FailsWithEacces()
    {
        using var dev = OpenVirtioRender();
        Assert.Equal(Errno.EACCES, dev.TrySetClientCap(DrmClientCapability.UniversalPlanes));
    }

    [Fact]
    public void GetPlane_EachPlane_ListsPrintableFormats_CanUseAListedCrtc_AndShowsAFramebufferOnlyOnACrtc()
    {
        using var dev = OpenVirtioPrimary();
        var r = dev.GetKmsResources();
        dev.SetClientCap(DrmClientCapability.UniversalPlanes);
        foreach (var id in dev.GetPlaneIds())
        {
            var p = dev.GetPlane(id);
            Assert.NotEmpty(p.Formats);
            Assert.All(p.Formats, f => Assert.DoesNotContain("0x", f.ToString(), StringComparison.Ordinal));
            var possible = r.CrtcsIn(p.PossibleCrtcs);
            Assert.NotEmpty(possible);
            if (p.Crtc is { } crtc) Assert.Contains(crtc, possible);
            Assert.Equal(p.Crtc is null, p.Framebuffer is null);
        }
    }

    [Fact]
    public void GetPlane_APrimaryPlanesId_AnswersEvenWithoutUniversalPlanes()
    {
        using var universal = OpenVirtioPrimary();
        universal.SetClientCap(DrmClientCapability.UniversalPlanes);
        var ids = universal.GetPlaneIds();
        using var legacy = DrmDevice.Open(universal.Path, universal.Backend);
        var hidden = ids.Except(legacy.GetPlaneIds()).ToList();
        Assert.NotEmpty(hidden);
        Assert.All(hidden, id => Assert.Equal(Errno.None, legacy.TryGetPlane(id, out _)));
    }

    [Fact]
    public void GetPlaneResources_WithSmallerArray_CopiesAPrefixAndReportsTheFullCount()
    {
        using var dev = OpenVirtioPrimary();
        dev.SetClientCap(DrmClientCapability.UniversalPlanes);
        var ids = dev.GetPlaneIds();
        Assert.True(ids.Count > 1, $"needs two planes, has {ids.Count}");
        var buf = stackalloc uint[2] { 0xDEADBEEF, 0xDEADBEEF };
        Assert.Equal(0, ModeGetPlaneResources(dev.Fd, new Span<uint>(buf, 1), out uint count));
        Assert.Equal((uint)ids.Count, count);
        Assert.Equal(ids[0].Value, buf[0]);
        Assert.Equal(0xDEADBEEFu, buf[1]);
    }

    [Fact]
    public void GetPlaneResourcesOrGetPlane_WithCountButNoArray_FailsWithEfault()
    {
        using var dev = OpenVirtioPrimary();
        dev.SetClientCap(DrmClientCapability.UniversalPlanes);
        var ids = dev.GetPlaneIds();
        var r = new DrmModeGetPlaneRes { CountPlanes = 1 };
        Assert.Equal(-(int)Errno.EFAULT, Ioctl(dev, DRM_IOCTL_MODE_GETPLANERESOURCES, ref r));
        var p = new DrmModeGetPlane { PlaneId = ids[0].Value, CountFormatTypes = (uint)dev.GetPlane(ids[0]).Formats.Count };
        Assert.Equal(-(int)Errno.EFAULT, Ioctl(dev, DRM_IOCTL_MODE_GETPLANE, ref p));
    }

    [Fact]
    public void GetPlane_UnknownIdOrAnotherObjectsId_FailsWithEnoent()
    {
        using var dev = OpenVirtioPrimary();
        var r = dev.GetKmsResources();
        Assert.Equal(Errno.ENOENT, dev.TryGetPlane(new PlaneId(0), out _));
        Assert.Equal(Errno.ENOENT, dev.TryGetPlane(new PlaneId(0x7FFFFFFF), out _));
        Assert.Equal(Errno.ENOENT, dev.TryGetPlane(new PlaneId(r.Crtcs[0].Value), out _));
    }

    [Fact]
    public void Snapshot_ReadsEveryObjectGetResourcesLists_AndTheUniversalPlanes()
    {
        using var dev = OpenVirtioPrimary();
        var s = KmsSnapshot.Read(dev);
        Assert.True(s.UniversalPlanes);
        Assert.Equal(s.Resources.Connectors, s.Connectors.Select(c => c.Id));
        Assert.Equal(s.Resources.Encoders, s.Encoders.Select(e => e.Id));
        Assert.Equal(s.Resources.Crtcs, s.Crtcs.Select(c => c.Id));
        Assert.True(s.Planes.Count >= s.Crtcs.Count);
    }
}
