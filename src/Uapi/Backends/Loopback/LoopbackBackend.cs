using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Uapi.Backends.Loopback.Drm;
using Uapi.Handles;
using Uapi.Raw;
using static Tmds.Linux.LibC;
using Uapi.Host;

namespace Uapi.Backends.Loopback;

/// <summary>
/// An in-process model of the kernel's devices. Each open returns a real fd (an eventfd, so poll/epoll/dup/close
/// behave) with a model file behind it; ioctls decode the same request numbers and structs as the kernel and
/// answer with the same errno; mmap maps real memfd-backed memory the models own. An fd with no model behind it
/// (an eventfd the caller made, a memfd) is passed to the real kernel, which answers as it would.
/// </summary>
public sealed unsafe class LoopbackBackend : Backend
{
    private static readonly Lazy<LoopbackBackend> s_shared = new(() => Standard());

    /// <summary>The process-wide loopback with the standard device set.</summary>
    public static LoopbackBackend Shared => s_shared.Value;

    private readonly ConcurrentDictionary<string, LoopbackNode> _nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, LoopbackFile> _files = new();

    // /proc/devices: the fixed majors of the kernel's DRM and accel cores (DRM_MAJOR, ACCEL_MAJOR) and misc.
    private readonly ConcurrentDictionary<string, uint> _charMajors = new(StringComparer.Ordinal)
    {
        ["drm"] = StandardDevices.DrmMajor,
        ["accel"] = StandardDevices.AccelMajor,
        ["misc"] = StandardDevices.MiscMajor,
    };

    // Live mappings of DRM fds, so an unplug can replace them; the lock also orders a map against an unplug.
    private readonly object _mapLock = new();
    private readonly Dictionary<nint, TrackedMapping> _mappings = new();

    private readonly record struct TrackedMapping(nuint Length, int Prot, DrmDeviceModel Device);

    /// <summary>How many DRM-fd mappings are live, for tests.</summary>
    internal int TrackedMappings { get { lock (_mapLock) return _mappings.Count; } }

    public override string Name => "loopback";

    /// <summary>An empty loopback that answers as a current kernel; add nodes with <see cref="AddNode"/>.</summary>
    public LoopbackBackend() : this(StandardDeviceOptions.Current.Kernel) { }

    /// <summary>An empty loopback that answers as <paramref name="kernel"/> (6.1 or 6.12) where kernels differ.</summary>
    public LoopbackBackend(Version kernel)
    {
        KernelVersion = kernel;
        HasSyncFileDeadline = kernel >= new Version(6, 4);
    }

    public override Version KernelVersion { get; }

    /// <summary>
    /// sync_file answers SYNC_IOC_SET_DEADLINE (6.4's deadline series, which also gave syncobj WAIT_DEADLINE). Without it
    /// the ioctl is ENOTTY, as 6.1's sync_file_ioctl answers anything but MERGE and FILE_INFO. A standard loopback takes
    /// it from <see cref="StandardDeviceOptions.WaitDeadline"/>; an empty one from its kernel.
    /// </summary>
    internal bool HasSyncFileDeadline { get; private set; }

    /// <summary>This kernel's connector indexes (drm_connector_enum_list[]'s idas): pass to every KmsModel of its devices.</summary>
    public KmsConnectorTypeIdsModel ConnectorTypeIds { get; } = new();

    /// <summary>A loopback with the devices of our test VM: vgem, a KMS device, VFIO with QEMU's edu device, sw_sync, /dev/syncobj.</summary>
    public static LoopbackBackend Standard() => Standard(StandardDeviceOptions.Current);

    /// <summary>The standard devices with the given kernel features, e.g. <see cref="StandardDeviceOptions.TestKernel61"/>.</summary>
    public static LoopbackBackend Standard(StandardDeviceOptions options)
    {
        var lb = new LoopbackBackend(options.Kernel) { HasSyncFileDeadline = options.WaitDeadline };
        StandardDevices.AddTo(lb, options);
        return lb;
    }

    public void AddNode(LoopbackNode node)
    {
        if (!_nodes.TryAdd(node.Path, node)) throw new InvalidOperationException($"loopback already has {node.Path}");
    }

    public bool RemoveNode(string path) => _nodes.TryRemove(path, out _);

    public override IReadOnlyList<DeviceNode> EnumerateNodes()
    {
        var list = _nodes.Values.Select(n => new DeviceNode(n.Path, n.Kind, n.Major, n.Minor)).ToList();
        list.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return list;
    }

    public override (uint Major, uint Minor)? CharDevice(string path) =>
        _nodes.TryGetValue(path, out var n) ? (n.Major, n.Minor) : null;

    public override (uint Major, uint Minor)? CharDevice(UapiFd fd)
    {
        using var lease = fd.Lease();
        var file = fd.Model as LoopbackFile ?? Lookup(lease.Fd);
        // A model file stands on an eventfd or memfd; fstat would describe that, the kernel would describe the node.
        return file is not null ? file.DeviceNumber : KernelBackend.FStat(lease.Fd);
    }

    /// <summary>Adds a /proc/devices entry (drm, accel and misc are there from the start).</summary>
    public void RegisterCharMajor(string name, uint major) => _charMajors[name] = major;

    public override uint? CharMajor(string driverName) => _charMajors.TryGetValue(driverName, out var m) ? m : null;

    public override SysfsCharDevice? DescribeCharDevice(uint major, uint minor)
    {
        foreach (var n in _nodes.Values)
            if (n.Major == major && n.Minor == minor) return n.Sysfs;
        return null;
    }

    public override IReadOnlyList<(uint Major, uint Minor)> EnumerateClass(string className)
    {
        var list = new List<(uint, uint)>();
        foreach (var n in _nodes.Values)
            if (n.Sysfs is { } s && s.Class == className) list.Add((n.Major, n.Minor));
        list.Sort();
        return list;
    }

    // ---- fault injection ----

    /// <summary>
    /// Hot-unplugs the DRM device behind <paramref name="path"/> (any of its nodes), as a driver's remove calls
    /// drm_dev_unplug(): see <see cref="Unplug(DrmDeviceModel)"/>.
    /// </summary>
    public void Unplug(string path)
    {
        if (FindNode(path) is not DrmNode node)
            throw new ArgumentException($"the loopback has no DRM node at {path}", nameof(path));
        Unplug(node.Device);
    }

    /// <summary>
    /// Hot-unplugs a DRM device, as drm_dev_unplug() does: its nodes leave /dev and sysfs, so opening them by path
    /// gives ENOENT; every ioctl and mmap on a file already open gives ENODEV; close still works. CPU mappings
    /// made through its fds stay valid: a shmem-backed driver keeps showing the buffer's pages, one whose fault
    /// handler refuses after unplug shows a zeroed page (see <see cref="DrmDeviceModel.MappingsAfterUnplug"/>).
    /// Buffers exported as dma-bufs live on. Unplugging twice does nothing more.
    /// </summary>
    public void Unplug(DrmDeviceModel device)
    {
        device.MarkUnplugged();
        foreach (var (path, node) in _nodes)
            if (node is DrmNode d && ReferenceEquals(d.Device, device)) _nodes.TryRemove(path, out _);
        if (device.MappingsAfterUnplug == UnpluggedMappings.ZeroPage) ZapMappings(device);
    }

    /// <summary>
    /// Replaces each live mapping of the device with anonymous zero pages at the same address (MAP_FIXED is atomic),
    /// as the kernel zaps the device's mappings and its fault handler then maps a dummy page: pointers stay valid.
    /// </summary>
    private void ZapMappings(DrmDeviceModel device)
    {
        lock (_mapLock)
        {
            foreach (var (address, m) in _mappings)
            {
                if (!ReferenceEquals(m.Device, device)) continue;
                void* p = mmap((void*)address, (Tmds.Linux.size_t)(ulong)m.Length, m.Prot, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (p == (void*)-1)
                    throw new UapiException((Errno)Marshal.GetLastPInvokeError(), "mmap(MAP_FIXED|MAP_ANONYMOUS)", device.DriverName, $"replacing 0x{address:x}");
            }
        }
    }

    internal LoopbackNode? FindNode(string path) => _nodes.GetValueOrDefault(path);

    protected override int OpenCore(string path, int flags, out object? model)
    {
        model = null;
        if (!_nodes.TryGetValue(path, out var node)) return -(int)Errno.ENOENT;
        var file = node.Open(this, flags, out var errno);
        if (file is null) return -(int)errno;
        int fd = Register(file);
        if (fd < 0) return fd;
        model = file;
        return fd;
    }

    /// <summary>Gives a model file a real fd (a non-blocking eventfd the model can make readable).</summary>
    internal int Register(LoopbackFile file)
    {
        int fd = file.CreateFd();
        if (fd < 0) return fd;
        file.AddRef();
        _files[fd] = file;
        return fd;
    }

    /// <summary>The model behind an fd number the caller passed in an ioctl argument, if it is ours.</summary>
    internal LoopbackFile? Lookup(int fd) => _files.GetValueOrDefault(fd);

    public override UapiFd Adopt(int fd, string description)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        var file = Lookup(fd) ?? RecognizeReceived(fd);
        return new UapiFd(this, fd, file?.Description ?? description, file);
    }

    /// <summary>
    /// An fd this loopback did not make, but another process's loopback did and passed here (SCM_RIGHTS): a dma-buf
    /// arrives as that process's memfd, named <see cref="DmaBuf.DmaBufModel.MemfdNamePrefix"/>. It becomes a dma-buf of
    /// this loopback over the same pages; its fences, name and exporter stayed behind (see README, "fd passing").
    /// Anything else stays a plain fd that the real kernel answers for.
    /// </summary>
    private DmaBuf.DmaBufFile? RecognizeReceived(int fd)
    {
        Span<byte> target = stackalloc byte[128];
        if (!HostOs.FdLink(fd, target).StartsWith(DmaBuf.DmaBufModel.MemfdLinkPrefix)) return null;
        long size = lseek(fd, 0, HostOs.SEEK_END);
        int own = Handles.FdOps.DupCloexec(fd);
        if (size < 0 || own < 0) { if (own >= 0) close(own); return null; }
        var buffer = DmaBuf.DmaBufModel.Received(own, (ulong)size);
        var file = new DmaBuf.DmaBufFile(this, buffer);
        buffer.Release();
        file.AddRef();
        _files[fd] = file;
        return file;
    }

    /// <summary>A dma-buf of this loopback answers with its model's exp_name; an fd with no model, as the host kernel does.</summary>
    internal override string? DmaBufExporter(UapiFd fd)
    {
        using var lease = fd.Lease();
        var file = fd.Model as LoopbackFile ?? Lookup(lease.Fd);
        if (file is DmaBuf.DmaBufFile dmaBuf) return dmaBuf.Buffer.ExporterName;
        return file is null ? HostOs.FdInfoText(lease.Fd, "exp_name:") : null;
    }

    internal override int Close(int fd, object? model)
    {
        if (_files.TryRemove(fd, out var file)) file.Release();
        return close(fd) == 0 ? 0 : -Marshal.GetLastPInvokeError();
    }

    internal override UapiFd Duplicate(UapiFd fd)
    {
        using var lease = fd.Lease();
        int r = Handles.FdOps.DupCloexec(lease.Fd);
        if (r < 0) throw new UapiException((Errno)Marshal.GetLastPInvokeError(), "fcntl(F_DUPFD_CLOEXEC)", fd.Path);
        var file = fd.Model as LoopbackFile ?? Lookup(lease.Fd);
        if (file is not null) { file.AddRef(); _files[r] = file; }
        return new UapiFd(this, r, fd.Path, file);
    }

    [ThreadStatic] private static long t_modelAllocatedBytes;

    /// <summary>
    /// Managed bytes the device models allocated on this thread while answering ioctls. A real kernel's allocations are not
    /// in our heap, so allocation tests subtract these to measure the library alone.
    /// </summary>
    internal static long ModelAllocatedBytesForCurrentThread => t_modelAllocatedBytes;

    private protected override UapiFd AdoptDuplicate(int fd, int original, string description)
    {
        var file = Lookup(original);
        if (file is not null) { file.AddRef(); _files[fd] = file; }
        else file = RecognizeReceived(fd);
        return new UapiFd(this, fd, file?.Description ?? description, file);
    }

    protected override int IoctlCore(UapiFd fd, int fdNumber, uint request, void* arg)
    {
        var file = fd.Model as LoopbackFile ?? Lookup(fdNumber);
        if (file is not null)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            int result = file.Ioctl(request, arg);
            t_modelAllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
            return result;
        }
        int r = Interop.Libc.Ioctl(fdNumber, request, arg);
        return r >= 0 ? r : -Marshal.GetLastPInvokeError();
    }

    protected override long SeekCore(UapiFd fd, int fdNumber, long offset, int whence)
    {
        var file = fd.Model as LoopbackFile ?? Lookup(fdNumber);
        return file?.Seek(offset, whence) ?? base.SeekCore(fd, fdNumber, offset, whence);
    }

    protected override int PollCore(UapiFd fd, int fdNumber, short events, int timeoutMs)
    {
        var file = fd.Model as LoopbackFile ?? Lookup(fdNumber);
        return file?.Poll(events, timeoutMs) ?? base.PollCore(fd, fdNumber, events, timeoutMs);
    }

    protected override void* MapCore(UapiFd fd, int fdNumber, long offset, nuint length, MapAccess access, out Errno errno)
    {
        var file = fd.Model as LoopbackFile ?? Lookup(fdNumber);
        int prot = HostOs.Prot(access);
        return file is not null ? file.Map(offset, length, prot, out errno) : HostOs.MapShared(fdNumber, offset, length, prot, out errno);
    }

    /// <summary>Held while a DRM fd is mapped and while an unplug zaps mappings, so each sees the other whole.</summary>
    internal object MapLock => _mapLock;

    /// <summary>Remembers a mapping of a DRM fd for <see cref="Unplug(DrmDeviceModel)"/>; under <see cref="MapLock"/>.</summary>
    internal void TrackMapping(void* address, nuint length, int prot, DrmDeviceModel device) =>
        _mappings[(nint)address] = new TrackedMapping(length, prot, device);

    internal override int Unmap(nint address, nuint length)
    {
        // Forget the range before it is unmapped, so an unplug never maps over an address someone else now owns.
        lock (_mapLock)
        {
            _mappings.Remove(address);
            return munmap((void*)address, (Tmds.Linux.size_t)(ulong)length) == 0 ? 0 : -Marshal.GetLastPInvokeError();
        }
    }
}
