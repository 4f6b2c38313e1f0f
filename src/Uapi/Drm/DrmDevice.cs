using System.Runtime.InteropServices;
using System.Text;
using Uapi.Backends;
using Uapi.Handles;
using Uapi.Raw;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Drm;

/// <summary>
/// An open DRM node (primary, render or accel). Owns the fd; everything created on it (GEM handles, syncobjs)
/// keeps it alive.
/// </summary>
public sealed partial class DrmDevice : IDisposable
{
    private readonly GemHandleTable _gem = new();

    private DrmDevice(UapiFd fd) => Fd = fd;

    public UapiFd Fd { get; }
    public Backend Backend => Fd.Backend;
    public string Path => Fd.Path;

    public static DrmDevice Open(string path, Backend? backend = null) =>
        new((backend ?? Backend.Default).Open(path, OpenFlags.ReadWrite));

    /// <summary>
    /// A DRM device from an fd someone else owns (logind's TakeDevice, seatd, a DRM lease, SCM_RIGHTS, another
    /// <see cref="DrmDevice"/>): <b>duplicated</b> (F_DUPFD_CLOEXEC) into <paramref name="backend"/>, so the caller keeps
    /// and closes its own fd. The duplicate shares the caller's open file, so the kernel sees one DRM file: its GEM and
    /// syncobj handles, master state and client caps are the same through both fds. Refused (ENOTTY, nothing kept) when
    /// the fd is not a DRM primary, render or accel node.
    /// </summary>
    public static DrmDevice FromFd(SafeHandle fd, Backend? backend = null)
    {
        ArgumentNullException.ThrowIfNull(fd);
        var own = (backend ?? Backend.Default).DuplicateHandle(fd, "drm");
        if (DrmEnumerator.GetNodeType(own) is null)
        {
            string path = own.Path;
            own.Dispose();
            throw new UapiException(Errno.ENOTTY, "DrmDevice.FromFd", path, "not a DRM primary, render or accel node");
        }
        return new(own);
    }

    /// <summary>
    /// A DRM device that <b>adopts</b> <paramref name="fd"/>: the device owns it from now on and closes it on Dispose,
    /// so the caller must not use or close it afterwards (e.g. an fd <see cref="UnixFdPassing.Receive"/> gave you, or one
    /// <see cref="Backend.Adopt"/> wrapped). No check is made: an fd that is not a DRM node answers its ioctls with ENOTTY.
    /// </summary>
    public static DrmDevice Own(UapiFd fd) => new(fd ?? throw new ArgumentNullException(nameof(fd)));

    /// <summary>
    /// Opens the first DRM device (in <see cref="DrmEnumerator.Enumerate"/> order) whose driver is <paramref name="driver"/>,
    /// or the first of all when null, through its <see cref="DrmDeviceInfo.PreferredNode"/>: the render node, else the
    /// accel node, else the primary node of a KMS-only device. Nothing here needs DRM master.
    /// Throws <see cref="UapiException"/> with ENODEV when no device matches.
    /// </summary>
    public static DrmDevice OpenPreferred(string? driver = null, Backend? backend = null) =>
        OpenPreferred(d => driver is null || d.DriverName == driver, backend, driver is null ? "any driver" : "driver " + driver);

    /// <summary>As <see cref="OpenPreferred(string?, Backend?)"/>, for the first device <paramref name="match"/> accepts.</summary>
    public static DrmDevice OpenPreferred(Func<DrmDeviceInfo, bool> match, Backend? backend = null) =>
        OpenPreferred(match, backend, "the given predicate");

    /// <summary>Opens this enumerated device through its <see cref="DrmDeviceInfo.PreferredNode"/>.</summary>
    public static DrmDevice OpenPreferred(DrmDeviceInfo device, Backend? backend = null)
    {
        var node = device.PreferredNode ?? throw new UapiException(Errno.ENOENT, "DrmDevice.OpenPreferred", device.SysfsPath, "the device has no node under /dev");
        return Open(node.Path!, backend);
    }

    private static DrmDevice OpenPreferred(Func<DrmDeviceInfo, bool> match, Backend? backend, string what)
    {
        backend ??= Backend.Default;
        foreach (var d in DrmEnumerator.Enumerate(backend))
            if (d.PreferredNode is not null && match(d)) return OpenPreferred(d, backend);
        throw new UapiException(Errno.ENODEV, "DrmDevice.OpenPreferred", null, $"no DRM device with a node to open matches {what} on the {backend.Name} backend");
    }

    /// <summary>What this fd is (fstat + sysfs); null once the device is unplugged, as sysfs then no longer lists the minor.</summary>
    public DrmNodeType? GetNodeType() => DrmEnumerator.GetNodeType(Fd);

    // ---- driver ioctls ----

    /// <summary>
    /// Any ioctl on this fd with its argument struct, typically a driver ioctl (DRM_COMMAND_BASE + n) such as an accel
    /// driver's BO_CREATE. Throws <see cref="UapiException"/> naming <paramref name="name"/> and the node. Allocates nothing.
    /// </summary>
    public int Ioctl<T>(uint request, ref T arg, string name) where T : unmanaged
    {
        return UapiException.Check(Interop.Ioctl(Fd, request, ref arg), Fd, name);
    }

    /// <summary>As <see cref="Ioctl{T}"/>, with the kernel's refusal as a result: Errno.None or the errno.</summary>
    public Errno TryIoctl<T>(uint request, ref T arg) where T : unmanaged
    {
        int r = Interop.Ioctl(Fd, request, ref arg);
        return r < 0 ? (Errno)(-r) : Errno.None;
    }

    /// <summary>DRM_IOCTL_VERSION, two passes: lengths first, then the strings.</summary>
    public DrmVersionInfo Version()
    {
        UapiException.Check(Interop.Drm.Version(Fd, default, default, default, out var v), Fd, nameof(DRM_IOCTL_VERSION));
        var name = new byte[(int)v.NameLen];
        var date = new byte[(int)v.DateLen];
        var desc = new byte[(int)v.DescLen];
        UapiException.Check(Interop.Drm.Version(Fd, name, date, desc, out v), Fd, nameof(DRM_IOCTL_VERSION));
        // A string may have grown between the passes; the kernel copied at most what we offered.
        return new DrmVersionInfo(Ascii(name, v.NameLen), Ascii(date, v.DateLen), Ascii(desc, v.DescLen),
            v.VersionMajor, v.VersionMinor, v.VersionPatchlevel);
    }

    private static string Ascii(byte[] buffer, nuint reported) => Encoding.ASCII.GetString(buffer, 0, (int)Math.Min((ulong)buffer.Length, (ulong)reported));

    /// <summary>DRM_IOCTL_GET_CAP; throws when the driver rejects the capability (EINVAL, EOPNOTSUPP).</summary>
    public ulong GetCap(DrmCapability capability) => GetCap((ulong)capability);

    /// <summary>DRM_IOCTL_GET_CAP with the kernel's refusal as a result.</summary>
    public Errno TryGetCap(DrmCapability capability, out ulong value) => TryGetCap((ulong)capability, out value);

    /// <summary>DRM_IOCTL_GET_CAP for a capability number this library has no name for.</summary>
    public ulong GetCap(ulong capability)
    {
        UapiException.Check(Interop.Drm.GetCap(Fd, capability, out ulong value), Fd, nameof(DRM_IOCTL_GET_CAP));
        return value;
    }

    /// <summary>DRM_IOCTL_GET_CAP with the kernel's refusal as a result: Errno.None and the value, or the errno.</summary>
    public Errno TryGetCap(ulong capability, out ulong value)
    {
        int r = Interop.Drm.GetCap(Fd, capability, out ulong v);
        value = r < 0 ? 0 : v;
        return r < 0 ? (Errno)(-r) : Errno.None;
    }

    // ---- GEM ----

    /// <summary>How many owners this object holds for a handle (0: not owned here).</summary>
    public int GemOwnerCount(GemHandle handle) => _gem.Count(handle.Value);

    /// <summary>CREATE_DUMB with no wrapper object: the allocation-free path. Pair with <see cref="ReleaseGem"/>.</summary>
    public DumbBufferInfo CreateDumbHandle(uint width, uint height, uint bpp, uint flags = 0)
    {
        int r = Interop.Drm.ModeCreateDumb(Fd, width, height, bpp, flags, out uint handle, out uint pitch, out ulong size);
        UapiException.Check(r, Fd, nameof(DRM_IOCTL_MODE_CREATE_DUMB));
        _gem.AddRef(handle);
        return new DumbBufferInfo(new GemHandle(handle), width, height, bpp, pitch, size);
    }

    /// <summary>CREATE_DUMB, owned: dispose (or lose) the buffer to close the handle.</summary>
    public DumbBuffer CreateDumb(uint width, uint height, uint bpp) => new(this, CreateDumbHandle(width, height, bpp));

    /// <summary>Drops one owner of a handle; the last one issues GEM_CLOSE. Returns 0 or -errno from GEM_CLOSE.</summary>
    public int ReleaseGem(GemHandle handle)
    {
        if (!_gem.Release(handle.Value)) return 0;
        if (Fd.IsClosed) return 0; // the kernel dropped every handle with the file
        int r = Interop.Drm.GemClose(Fd, handle.Value);
        // An unplugged device refuses every ioctl; its handles go when the file closes, so there is nothing to undo.
        return r == -(int)Errno.ENODEV ? 0 : r;
    }

    internal ulong MapDumbOffset(GemHandle handle)
    {
        UapiException.Check(Interop.Drm.ModeMapDumb(Fd, handle.Value, out ulong offset), Fd, nameof(DRM_IOCTL_MODE_MAP_DUMB));
        return offset;
    }

    /// <summary>PRIME_HANDLE_TO_FD: the buffer as a dma-buf fd (DRM_CLOEXEC always, DRM_RDWR unless read-only).</summary>
    public UapiFd ExportPrime(GemHandle handle, bool readWrite = true)
    {
        int r = Interop.Drm.PrimeHandleToFd(Fd, handle.Value, DRM_CLOEXEC | (readWrite ? DRM_RDWR : 0), out int dmaBuf);
        UapiException.Check(r, Fd, nameof(DRM_IOCTL_PRIME_HANDLE_TO_FD));
        return Backend.Adopt(dmaBuf, "dma-buf");
    }

    /// <summary>PRIME_FD_TO_HANDLE: imports a dma-buf. Importing a buffer this file already has returns the same handle; each import is its own owner.</summary>
    public GemBuffer ImportPrime(SafeHandle dmaBuf)
    {
        using var lease = new HandleLease(dmaBuf);
        UapiException.Check(Interop.Drm.PrimeFdToHandle(Fd, lease.Fd, out uint handle), Fd, nameof(DRM_IOCTL_PRIME_FD_TO_HANDLE));
        _gem.AddRef(handle);
        return new GemBuffer(this, new GemHandle(handle), 0);
    }

    internal uint Flink(GemHandle handle)
    {
        UapiException.Check(Interop.Drm.GemFlink(Fd, handle.Value, out uint name), Fd, nameof(DRM_IOCTL_GEM_FLINK));
        return name;
    }

    /// <summary>GEM_OPEN of a flink name: a new owner of the handle it gives this file.</summary>
    public GemBuffer OpenFlink(uint name)
    {
        UapiException.Check(Interop.Drm.GemOpen(Fd, name, out uint handle, out ulong size), Fd, nameof(DRM_IOCTL_GEM_OPEN));
        _gem.AddRef(handle);
        return new GemBuffer(this, new GemHandle(handle), size);
    }

    public void Dispose() => Fd.Dispose();
}
