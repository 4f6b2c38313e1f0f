using System.Globalization;
using System.Runtime.InteropServices;
using Uapi.Backends;
using Uapi.Drm;
using Uapi.Handles;
using Uapi.Raw;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Sync;

/// <summary>
/// A source of syncobjs: /dev/syncobj, or a DRM file whose driver has syncobjs. <see cref="Open"/> finds one; every
/// <see cref="Timeline"/> belongs to one, and the whole Timeline/SyncPoint API works the same on either.
/// </summary>
public abstract class SyncobjProvider : IDisposable
{
    private protected SyncobjProvider() { }

    public abstract SyncobjProviderKind Kind { get; }

    /// <summary>The node every operation goes through: /dev/syncobj or the DRM node.</summary>
    public string Path => Fd.Path;

    /// <summary>What was picked and why it serves, in words (for logs and tools).</summary>
    public abstract string Description { get; }

    public Backend Backend => Fd.Backend;

    /// <summary>The DRM file of a <see cref="SyncobjProviderKind.Drm"/> provider; null for /dev/syncobj.</summary>
    public abstract DrmDevice? DrmDevice { get; }

    /// <summary>How <see cref="Timeline.WaitAsync"/> waits here: "eventfd" (SYNCOBJ_EVENTFD, one eventfd per wait on the shared epoll reactor) or "waiter-thread".</summary>
    public string AsyncMechanism => Async.Mechanism;

    /// <summary>The fd of the node every ioctl goes to.</summary>
    internal abstract UapiFd Fd { get; }

    // ---- what it offers ----

    /// <summary>A new syncobj, optionally already signalled (binary, or a timeline from the first point signalled).</summary>
    public Timeline CreateTimeline(bool signaled = false) => CreateCore(signaled);

    /// <summary>Takes in an opaque syncobj fd (from a client, another device, another process): the same syncobj, not a copy.</summary>
    public Timeline Import(SafeHandle syncobjFd)
    {
        ArgumentNullException.ThrowIfNull(syncobjFd);
        return ImportCore(syncobjFd);
    }

    // ---- finding one ----

    /// <summary>/dev/syncobj's path.</summary>
    public const string DevSyncobjPath = "/dev/syncobj";

    /// <summary>
    /// The syncobjs this machine offers: /dev/syncobj if it exists, else the first render node whose driver reports
    /// DRM_CAP_SYNCOBJ_TIMELINE = 1. Throws <see cref="UapiNotSupportedException"/> naming everything it tried when
    /// there is neither (Linux 6.1 with only virtual GPUs has none). The provider owns what it opened.
    /// </summary>
    public static SyncobjProvider Open(Backend? backend = null) =>
        TryOpen(out var provider, out var tried, backend) ? provider!
            : throw new UapiNotSupportedException("the syncobj API", null,
                $"no {DevSyncobjPath} and no DRM render node with DRM_CAP_SYNCOBJ_TIMELINE = 1 on the {(backend ?? Backend.Default).Name} backend; tried {tried}");

    /// <summary>As <see cref="Open"/>, with the absence as a result: <paramref name="tried"/> says what was looked at and what it answered.</summary>
    public static bool TryOpen(out SyncobjProvider? provider, out string tried, Backend? backend = null)
    {
        backend ??= Backend.Default;
        var notes = new List<string>();
        provider = TryOpenDevSyncobj(backend, out var devWhy);
        if (provider is not null) { tried = DevSyncobjPath; return true; }
        notes.Add(devWhy);
        int renderNodes = 0;
        foreach (var node in backend.EnumerateNodes())
        {
            if (node.Kind != DeviceNodeKind.DrmRender) continue;
            renderNodes++;
            var errno = backend.TryOpen(node.Path, OpenFlags.ReadWrite, out var fd);
            if (errno != Errno.None)
            {
                notes.Add($"{node.Path}: open failed with {errno.Name()}");
                continue;
            }
            var device = DrmDevice.Own(fd!);
            string driver = DriverName(device);
            var capErrno = device.TryGetCap(DRM_CAP_SYNCOBJ_TIMELINE, out var value);
            if (capErrno == Errno.None && value == 1)
            {
                provider = new DrmSyncobjProvider(DrmSyncState.Of(device), ownsDevice: true);
                tried = string.Join("; ", notes.Append($"{node.Path} ({driver}): DRM_CAP_SYNCOBJ_TIMELINE = 1"));
                return true;
            }
            notes.Add($"{node.Path} ({driver}): DRM_CAP_SYNCOBJ_TIMELINE = " +
                      (capErrno == Errno.None ? value.ToString(CultureInfo.InvariantCulture) : "refused with " + capErrno.Name()));
            device.Dispose();
        }
        if (renderNodes == 0) notes.Add("no DRM render node");
        tried = string.Join("; ", notes);
        return false;
    }

    /// <summary>/dev/syncobj itself; throws <see cref="UapiNotSupportedException"/> when it is absent (no merged kernel has it).</summary>
    public static SyncobjProvider OpenDevSyncobj(Backend? backend = null)
    {
        backend ??= Backend.Default;
        return TryOpenDevSyncobj(backend, out var why) ?? throw new UapiNotSupportedException(DevSyncobjPath, null, why);
    }

    /// <summary>The syncobjs of an open DRM file. Does not own it: the device stays the caller's to dispose.</summary>
    public static SyncobjProvider For(DrmDevice device) => DrmSyncobjProvider.Of(device);

    /// <summary>
    /// Opens /dev/syncobj and checks it speaks the RFC's ABI: SYNCOBJ_IOC_WAIT with no fds succeeds on it, while any
    /// other driver would refuse the request number (ENOTTY). Null with the reason when it is absent or not that.
    /// </summary>
    internal static SyncobjProvider? TryOpenDevSyncobj(Backend backend, out string why)
    {
        var errno = backend.TryOpen(DevSyncobjPath, OpenFlags.ReadWrite, out var fd);
        if (errno != Errno.None)
        {
            why = $"{DevSyncobjPath}: open failed with {errno.Name()}" + (errno == Errno.ENOENT ? " (the syncobj device is an unmerged 2026 RFC)" : "");
            return null;
        }
        int r = Interop.Syncobj.Wait(fd!, default, default, 0, 0, out _);
        if (r != 0)
        {
            fd!.Dispose();
            why = $"{DevSyncobjPath}: exists, but SYNCOBJ_IOC_WAIT with no fds failed with {((Errno)(-r)).Name()}: not the syncobj device";
            return null;
        }
        why = DevSyncobjPath;
        return new DevSyncobjProvider(fd!);
    }

    private protected static string DriverName(DrmDevice device)
    {
        try { return device.Version().Name; }
        catch (UapiException e) { return "VERSION failed with " + e.Errno.Name(); }
    }

    // ---- the operations, one syncobj (or many) at a time; Timeline has checked it is not disposed ----

    private protected abstract Timeline CreateCore(bool signaled);
    private protected abstract Timeline ImportCore(SafeHandle syncobjFd);
    internal abstract void Signal(Timeline t, ulong point);
    internal abstract void Reset(Timeline t);
    internal abstract ulong Query(Timeline t, bool lastSubmitted);
    internal abstract bool Wait(Timeline t, ulong point, SyncTimeout timeout, bool waitForSubmit, bool available);

    /// <summary>One wait over many points, all in this provider's <see cref="CanWaitWith"/> domain.</summary>
    internal abstract bool WaitPoints(ReadOnlySpan<SyncPoint> points, SyncTimeout timeout, bool waitAll, bool waitForSubmit, out uint first);

    /// <summary>Whether one wait or transfer may take syncobjs of both providers.</summary>
    internal abstract bool CanWaitWith(SyncobjProvider other);

    internal abstract void Transfer(Timeline source, ulong srcPoint, Timeline destination, ulong dstPoint, bool waitForSubmit);
    internal abstract UapiFd ExportFd(Timeline t);
    internal abstract SyncFile ExportSyncFile(Timeline t, ulong point);
    internal abstract void ImportSyncFile(Timeline t, SyncFile file, ulong point);

    /// <summary>Arms <paramref name="eventFd"/> to be bumped once the point signals (or is available).</summary>
    internal abstract void ArmEventfd(Timeline t, ulong point, bool available, UapiFd eventFd);

    internal abstract SyncobjAsync Async { get; }

    public abstract void Dispose();

    public override string ToString() => Description;
}
