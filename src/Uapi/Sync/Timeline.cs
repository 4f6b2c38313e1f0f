using System.Runtime.InteropServices;
using Uapi.Drm;
using Uapi.Handles;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Sync;

/// <summary>
/// A syncobj: binary (one fence, point 0) or a timeline of points. It lives in a <see cref="SyncobjProvider"/>: a handle
/// on a DRM file (<see cref="Handle"/>; Dispose issues SYNCOBJ_DESTROY) or an fd of its own from /dev/syncobj
/// (<see cref="SyncobjFd"/>; Dispose closes it). Every method works the same on both. Either way the timeline holds a
/// reference on its provider's node, which stays open (and usable by the timeline) until the last timeline is gone.
/// Waits return false on timeout; bad input (unknown syncobj, unsubmitted point without waitForSubmit) throws.
/// Signal, Query, Wait and SyncPoint.IsSignaled allocate nothing.
/// </summary>
public sealed unsafe class Timeline : IDisposable
{
    private readonly SyncobjProvider _provider;
    private readonly SyncobjOwner? _owner; // a DRM handle
    private readonly UapiFd? _fd;          // a /dev/syncobj fd
    private readonly NodeReference? _node; // ... and its reference on /dev/syncobj
    private readonly uint _handle;

    internal Timeline(DrmSyncobjProvider provider, uint handle)
    {
        _provider = provider;
        _handle = handle;
        _owner = new SyncobjOwner(provider.DrmDevice, handle);
    }

    internal Timeline(DevSyncobjProvider provider, UapiFd syncobjFd)
    {
        _provider = provider;
        _fd = syncobjFd;
        _node = new NodeReference(provider.Fd);
    }

    /// <summary>Where this syncobj lives and every operation on it goes.</summary>
    public SyncobjProvider Provider => _provider;

    /// <summary>The DRM file the handle is on. Throws for a /dev/syncobj timeline, which has none (see <see cref="ImportInto"/>).</summary>
    public DrmDevice Device => _provider.DrmDevice
        ?? throw new InvalidOperationException($"{this} is a /dev/syncobj fd, not a handle on a DRM file; ImportInto(device) gives one");

    /// <summary>The syncobj handle on <see cref="Device"/>'s file, for driver submit ioctls. Throws for a /dev/syncobj timeline.</summary>
    public uint Handle => _fd is null ? _handle
        : throw new InvalidOperationException($"{this} is a /dev/syncobj fd, not a handle on a DRM file; ImportInto(device) gives one");

    /// <summary>The syncobj's own fd for a /dev/syncobj timeline; null for a DRM handle (ExportFd makes one).</summary>
    public UapiFd? SyncobjFd => _fd;

    internal uint DrmHandle => _handle;
    internal UapiFd SyncobjFdUnchecked => _fd!;

    public bool IsDisposed => _owner?.IsClosed ?? _fd!.IsClosed;

    public SyncPoint this[ulong point] => new(this, point);

    /// <summary>SYNCOBJ_CREATE on a DRM file, optionally already signalled.</summary>
    public static Timeline Create(DrmDevice device, bool signaled = false) => DrmSyncobjProvider.Of(device).CreateTimeline(signaled);

    /// <summary>A new syncobj from any provider (see <see cref="SyncobjProvider.Open"/>).</summary>
    public static Timeline Create(SyncobjProvider provider, bool signaled = false) => provider.CreateTimeline(signaled);

    /// <summary>SYNCOBJ_FD_TO_HANDLE of an opaque syncobj fd (from another process or device file).</summary>
    public static Timeline Import(DrmDevice device, SafeHandle syncobjFd) => DrmSyncobjProvider.Of(device).Import(syncobjFd);

    /// <summary>An opaque syncobj fd into any provider: a handle on a DRM file, or a dup of the fd for /dev/syncobj.</summary>
    public static Timeline Import(SyncobjProvider provider, SafeHandle syncobjFd) => provider.Import(syncobjFd);

    /// <summary>This same syncobj as a handle on <paramref name="device"/>'s file (for its driver's submit ioctls).</summary>
    public Timeline ImportInto(DrmDevice device)
    {
        using var fd = ExportFd();
        return Import(device, fd);
    }

    /// <summary>An opaque fd that shares this syncobj (not a snapshot): HANDLE_TO_FD, or a dup of a /dev/syncobj fd.</summary>
    public UapiFd ExportFd()
    {
        ThrowIfDisposed();
        return _provider.ExportFd(this);
    }

    /// <summary>Signals a point with an already-signalled fence (point 0: the binary payload on a DRM file).</summary>
    public void Signal(ulong point = 0)
    {
        ThrowIfDisposed();
        _provider.Signal(this, point);
    }

    /// <summary>Drops the payload; the syncobj is unsubmitted again.</summary>
    public void Reset()
    {
        ThrowIfDisposed();
        _provider.Reset(this);
    }

    /// <summary>QUERY: the highest point below which everything has signalled (0 for binary syncobjs).</summary>
    public ulong Query()
    {
        ThrowIfDisposed();
        return _provider.Query(this, lastSubmitted: false);
    }

    /// <summary>QUERY with LAST_SUBMITTED: the highest point that has a fence, signalled or not.</summary>
    public ulong QueryLastSubmitted()
    {
        ThrowIfDisposed();
        return _provider.Query(this, lastSubmitted: true);
    }

    /// <summary>Waits for <paramref name="point"/> to signal (or only to be submitted, with <paramref name="available"/>).</summary>
    public bool Wait(ulong point, SyncTimeout timeout, bool waitForSubmit = true, bool available = false)
    {
        ThrowIfDisposed();
        return _provider.Wait(this, point, timeout, waitForSubmit, available);
    }

    /// <summary>TRANSFER: makes <paramref name="dstPoint"/> of this syncobj carry the fence at <paramref name="srcPoint"/> of <paramref name="source"/>.</summary>
    public void TransferFrom(Timeline source, ulong srcPoint, ulong dstPoint, bool waitForSubmit = false)
    {
        ThrowIfDisposed();
        ObjectDisposedException.ThrowIf(source.IsDisposed, source);
        if (!_provider.CanWaitWith(source._provider))
            throw new ArgumentException(_provider.Kind == SyncobjProviderKind.Drm
                ? "both syncobjs must live on the same DRM file; move one with ExportFd/Import first"
                : "both syncobjs must be /dev/syncobj fds; move one with ExportFd/Import first", nameof(source));
        _provider.Transfer(source, srcPoint, this, dstPoint, waitForSubmit);
    }

    /// <summary>The fence at <paramref name="point"/> as a sync_file (on a DRM file, points other than 0 need a 2025+ kernel).</summary>
    public SyncFile ExportSyncFile(ulong point = 0)
    {
        ThrowIfDisposed();
        return _provider.ExportSyncFile(this, point);
    }

    /// <summary>Puts a sync_file's fence into this syncobj: the binary payload (point 0) or a timeline point (2025+ kernels on a DRM file).</summary>
    public void ImportSyncFile(SyncFile file, ulong point = 0)
    {
        ThrowIfDisposed();
        _provider.ImportSyncFile(this, file, point);
    }

    /// <summary>Completes once <paramref name="point"/> signals (or is submitted, with <paramref name="available"/>), blocking no thread of the caller.</summary>
    public Task WaitAsync(ulong point, CancellationToken cancellationToken = default, bool available = false) =>
        _provider.Async.WaitAsync(this, point, available, cancellationToken);

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    /// <summary>An ioctl on the provider's node, after the disposed check; throws naming the ioctl, the node and the errno.</summary>
    internal void Ioctl(uint request, void* arg, string name)
    {
        ThrowIfDisposed();
        _provider.Fd.Backend.IoctlOrThrow(_provider.Fd, request, arg, name);
    }

    internal int TryIoctl(uint request, void* arg)
    {
        ThrowIfDisposed();
        return _provider.Fd.Backend.Ioctl(_provider.Fd, request, arg);
    }

    public void Dispose()
    {
        _owner?.Dispose();
        _fd?.Dispose();
        _node?.Dispose();
    }

    public override string ToString() => _fd is null
        ? $"syncobj {_handle} on {_provider.Path}"
        : $"syncobj fd {(_fd.IsClosed ? "(closed)" : _fd.DangerousFd.ToString(System.Globalization.CultureInfo.InvariantCulture))} via {_provider.Path}";

    /// <summary>A reference on the provider's node for the timeline's life, dropped exactly once (Dispose or finalizer).</summary>
    private sealed class NodeReference : SafeHandle
    {
        private readonly SafeHandle _node;

        public NodeReference(SafeHandle node) : base(0, ownsHandle: true)
        {
            _node = node;
            bool added = false;
            node.DangerousAddRef(ref added);
            SetHandle(1);
        }

        public override bool IsInvalid => handle == 0;

        protected override bool ReleaseHandle()
        {
            _node.DangerousRelease();
            return true;
        }
    }

    /// <summary>Owns a DRM syncobj handle: DESTROY on release, and a reference on the device's fd until then.</summary>
    private sealed class SyncobjOwner(DrmDevice device, uint handle) : DrmObjectHandle(device, handle)
    {
        // The reference taken at creation keeps the fd open and usable, even if the device was disposed first.
        protected override bool ReleaseObject()
        {
            var d = new DrmSyncobjDestroy { Handle = Id };
            return Device.Backend.Ioctl(Device.Fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d) == 0;
        }
    }
}

/// <summary>A point on a timeline: the unit a compositor waits on (acquire) and signals (release).</summary>
public readonly record struct SyncPoint(Timeline Timeline, ulong Value)
{
    /// <summary>Signalled now (a poll, never blocks).</summary>
    public bool IsSignaled => Timeline.Wait(Value, SyncTimeout.Poll, waitForSubmit: true);

    /// <summary>Submitted (a fence exists for it), signalled or not.</summary>
    public bool IsAvailable => Timeline.Wait(Value, SyncTimeout.Poll, waitForSubmit: true, available: true);

    public bool Wait(SyncTimeout timeout) => Timeline.Wait(Value, timeout);
    public Task WaitAsync(CancellationToken cancellationToken = default) => Timeline.WaitAsync(Value, cancellationToken);
    public Task WaitAvailableAsync(CancellationToken cancellationToken = default) => Timeline.WaitAsync(Value, cancellationToken, available: true);
    public void Signal() => Timeline.Signal(Value);
    public SyncFile ExportSyncFile() => Timeline.ExportSyncFile(Value);
    public void ImportSyncFile(SyncFile file) => Timeline.ImportSyncFile(file, Value);
    public override string ToString() => $"{Timeline}@{Value}";
}
