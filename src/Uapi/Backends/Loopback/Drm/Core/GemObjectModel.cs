using System.Runtime.InteropServices;
using Uapi.Backends.Loopback.Sync;
using static Tmds.Linux.LibC;
using Uapi.Backends.Loopback.DmaBuf;
using Uapi.Host;

namespace Uapi.Backends.Loopback.Drm;

/// <summary>
/// A GEM object (struct drm_gem_object): memfd-backed pages, so every mapping of it (through the DRM fd's fake
/// offset or through an exported dma-buf) sees the same memory. Freed when no handle and no dma-buf holds it.
/// A freed object's pages go (a mapping keeps its own reference to them, as a vma does), but the device keeps
/// the managed shell for its next object, so create/close cycles allocate nothing once warm.
/// </summary>
internal sealed unsafe class GemObjectModel
{
    private KRef _refs;
    private ReservationModel? _resv;

    /// <summary>An empty shell for <paramref name="device"/>; <see cref="DrmDeviceModel.NewGemObject"/> gives it pages.</summary>
    internal GemObjectModel(DrmDeviceModel device) => Device = device;

    /// <summary>Gives a fresh or recycled shell its pages: zero-filled memory of the given size, one reference.</summary>
    internal void Initialize(ulong size, object? driverData)
    {
        Size = size;
        DriverData = driverData;
        MmapOffset = 0;
        FlinkName = 0;
        // The prefix lets another process's loopback recognise a passed dma-buf.
        int fd = HostOs.MemfdCreate("loopback-dma-buf:gem\0"u8, (long)size, allowSealing: false, out var call);
        if (fd < 0) throw new UapiException((Errno)(-fd), call, "loopback GEM");
        Memfd = fd;
        _refs.Init();
    }

    /// <summary>
    /// The importer's own object for a dma-buf it did not export (drm_gem_prime_import attaching a foreign dma-buf: another
    /// device's GEM export, a heap buffer, a udmabuf): same pages (a dup of the buffer's memfd when its memory is one
    /// memfd), its own mmap offset on the importing device, and a reference on the dma-buf for as long as it lives.
    /// </summary>
    private GemObjectModel(DrmDeviceModel importer, DmaBufModel buffer)
    {
        Device = importer;
        Size = buffer.Size;
        Imported = true;
        ImportedBuffer = buffer;
        Memfd = buffer.Segments is null ? Handles.FdOps.DupCloexec(buffer.Memfd) : -1;
        if (buffer.Segments is null && Memfd < 0) throw new UapiException((Errno)Marshal.GetLastPInvokeError(), "fcntl(F_DUPFD_CLOEXEC)", "loopback GEM import");
        _refs.Init();
        buffer.AddRef();
    }

    internal static GemObjectModel Import(DrmDeviceModel importer, DmaBufModel buffer) => new(importer, buffer);

    public DrmDeviceModel Device { get; }
    public ulong Size { get; private set; }
    public int Memfd { get; private set; }

    /// <summary>For a foreign import, the dma-buf it is attached to (PRIME export of the import gives this back); null otherwise.</summary>
    public DmaBufModel? ImportedBuffer { get; }

    /// <summary>For a foreign import of another device's GEM export, that device's object; null otherwise.</summary>
    public GemObjectModel? ImportedFrom => ImportedBuffer?.Gem;

    /// <summary>The dma-buf this object is exported as while any fd of it is open (obj->dma_buf): a second export gives the same one.</summary>
    public DmaBufModel? ExportedBuffer { get; set; }

    /// <summary>The fake mmap offset on the DRM fd, assigned on first MAP_DUMB (drm_vma_offset).</summary>
    public ulong MmapOffset { get; set; }

    /// <summary>GEM_FLINK name, 0 until flinked.</summary>
    public uint FlinkName { get; set; }

    /// <summary>What the driver keeps with the object (virtio-gpu: the host resource id).</summary>
    public object? DriverData { get; private set; }

    /// <summary>True for objects made by PRIME import of a foreign dma-buf (MAP_DUMB refuses them).</summary>
    public bool Imported { get; }

    /// <summary>
    /// The object's dma_resv, made on first use. A foreign import uses the exporter's, as the kernel's importer takes
    /// the dma-buf's resv: one buffer, one set of fences.
    /// </summary>
    public ReservationModel Resv
    {
        get
        {
            if (ImportedBuffer is not null) return ImportedBuffer.Resv;
            lock (FenceOps.Lock) return _resv ??= new ReservationModel();
        }
    }

    public void AddRef() => _refs.Get();

    /// <summary>kref_get_unless_zero(): a reference on an object that is not already being freed.</summary>
    public bool TryAddRef() => _refs.GetUnlessZero();

    public void Release()
    {
        if (!_refs.Put()) return;
        lock (FenceOps.Lock)
        {
            _resv?.Clear();
            _resv = null;
        }
        if (Memfd >= 0) close(Memfd);
        Memfd = -1;
        ImportedBuffer?.Release();
        Device.Forget(this, recycle: ImportedBuffer is null);
    }
}
