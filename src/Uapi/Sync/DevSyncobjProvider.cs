using System.Runtime.InteropServices;
using Uapi.Drm;
using Uapi.Handles;
using Uapi.Raw;
using static Uapi.Raw.Interop.Syncobj;

namespace Uapi.Sync;

/// <summary>
/// Syncobjs through /dev/syncobj (FACTS §7): each one is its own fd, and every op takes fds. Needs no GPU and no driver
/// with DRIVER_SYNCOBJ_TIMELINE; async waits always use SYNCOBJ_IOC_EVENTFD.
/// </summary>
internal sealed class DevSyncobjProvider(UapiFd fd) : SyncobjProvider
{
    private const int StackLimit = 64;

    public override SyncobjProviderKind Kind => SyncobjProviderKind.DevSyncobj;
    public override DrmDevice? DrmDevice => null;
    internal override UapiFd Fd { get; } = fd;

    public override string Description =>
        $"{Path} (the syncobj device): syncobjs are fds of their own";

    internal override SyncobjAsync Async => SyncobjAsync.EventfdWaiter.Instance;

    private protected override Timeline CreateCore(bool signaled)
    {
        int r = Interop.Syncobj.Create(Fd, signaled ? SYNCOBJ_CREATE_SIGNALED : 0, out int fd);
        UapiException.Check(r, Fd, nameof(SYNCOBJ_IOC_CREATE));
        return new Timeline(this, Fd.Backend.Adopt(fd, "syncobj"));
    }

    /// <summary>A dup of the caller's fd, checked with one QUERY: the device answers EBADF for anything but a syncobj fd.</summary>
    private protected override Timeline ImportCore(SafeHandle syncobjFd)
    {
        var own = Fd.Backend.DuplicateHandle(syncobjFd, "syncobj");
        int fdNumber = own.DangerousFd;
        ulong point = 0;
        int r = Interop.Syncobj.Query(Fd, new ReadOnlySpan<int>(in fdNumber), new Span<ulong>(ref point), 0);
        if (r < 0)
        {
            own.Dispose();
            throw new UapiException((Errno)(-r), nameof(SYNCOBJ_IOC_QUERY), Path, "importing an fd that is not a syncobj fd");
        }
        return new Timeline(this, own);
    }

    internal override void Signal(Timeline t, ulong point)
    {
        using var lease = new HandleLease(t.SyncobjFdUnchecked);
        int fd = lease.Fd;
        UapiException.Check(Interop.Syncobj.Signal(Fd, new ReadOnlySpan<int>(in fd), new ReadOnlySpan<ulong>(in point)), Fd, nameof(SYNCOBJ_IOC_SIGNAL));
    }

    internal override void Reset(Timeline t)
    {
        using var lease = new HandleLease(t.SyncobjFdUnchecked);
        int fd = lease.Fd;
        UapiException.Check(Interop.Syncobj.Reset(Fd, new ReadOnlySpan<int>(in fd)), Fd, nameof(SYNCOBJ_IOC_RESET));
    }

    internal override ulong Query(Timeline t, bool lastSubmitted)
    {
        using var lease = new HandleLease(t.SyncobjFdUnchecked);
        int fd = lease.Fd;
        ulong point = 0;
        int r = Interop.Syncobj.Query(Fd, new ReadOnlySpan<int>(in fd), new Span<ulong>(ref point), lastSubmitted ? SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED : 0);
        UapiException.Check(r, Fd, nameof(SYNCOBJ_IOC_QUERY));
        return point;
    }

    internal override bool Wait(Timeline t, ulong point, SyncTimeout timeout, bool waitForSubmit, bool available)
    {
        using var lease = new HandleLease(t.SyncobjFdUnchecked);
        int fd = lease.Fd;
        return WaitCore(new ReadOnlySpan<int>(in fd), new ReadOnlySpan<ulong>(in point), timeout, Flags(waitAll: true, waitForSubmit, available), out _);
    }

    internal override bool WaitPoints(ReadOnlySpan<SyncPoint> points, SyncTimeout timeout, bool waitAll, bool waitForSubmit, out uint first)
    {
        int n = points.Length;
        Span<int> fds = n <= StackLimit ? stackalloc int[n] : new int[n];
        Span<ulong> values = n <= StackLimit ? stackalloc ulong[n] : new ulong[n];
        int held = 0;
        try
        {
            // Every fd stays referenced for the length of the call, so none can be closed and its number reused meanwhile.
            for (; held < n; held++)
            {
                var handle = points[held].Timeline.SyncobjFdUnchecked;
                bool added = false;
                handle.DangerousAddRef(ref added);
                fds[held] = handle.DangerousFd;
                values[held] = points[held].Value;
            }
            return WaitCore(fds, values, timeout, Flags(waitAll, waitForSubmit, available: false), out first);
        }
        finally
        {
            for (int i = 0; i < held; i++) points[i].Timeline.SyncobjFdUnchecked.DangerousRelease();
        }
    }

    private static uint Flags(bool waitAll, bool waitForSubmit, bool available) =>
        (waitAll ? SYNCOBJ_WAIT_FLAGS_WAIT_ALL : 0) | (waitForSubmit ? SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT : 0)
        | (available ? SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE : 0);

    /// <summary>SYNCOBJ_IOC_WAIT: true when the condition held, false on ETIME; other errors throw.</summary>
    private bool WaitCore(ReadOnlySpan<int> fds, ReadOnlySpan<ulong> points, SyncTimeout timeout, uint flags, out uint first)
    {
        int r = Interop.Syncobj.Wait(Fd, fds, points, timeout.ToKernelAbsoluteNs(), flags, out first);
        if (r == 0) return true;
        if (r == -(int)Errno.ETIME) return false;
        UapiException.Throw(r, Fd, nameof(SYNCOBJ_IOC_WAIT));
        return false;
    }

    /// <summary>Fds name syncobjs anywhere: any /dev/syncobj of the same backend can wait on them together.</summary>
    internal override bool CanWaitWith(SyncobjProvider other) => other.Kind == SyncobjProviderKind.DevSyncobj && ReferenceEquals(other.Backend, Backend);

    internal override void Transfer(Timeline source, ulong srcPoint, Timeline destination, ulong dstPoint, bool waitForSubmit)
    {
        using var src = new HandleLease(source.SyncobjFdUnchecked);
        using var dst = new HandleLease(destination.SyncobjFdUnchecked);
        int r = Interop.Syncobj.Transfer(Fd, src.Fd, srcPoint, dst.Fd, dstPoint, waitForSubmit ? SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT : 0);
        UapiException.Check(r, Fd, nameof(SYNCOBJ_IOC_TRANSFER));
    }

    internal override UapiFd ExportFd(Timeline t) => t.SyncobjFdUnchecked.Duplicate();

    internal override SyncFile ExportSyncFile(Timeline t, ulong point)
    {
        using var lease = new HandleLease(t.SyncobjFdUnchecked);
        UapiException.Check(Interop.Syncobj.ExportSyncFile(Fd, lease.Fd, point, out int fd), Fd, nameof(SYNCOBJ_IOC_EXPORT_SYNC_FILE));
        return new SyncFile(Fd.Backend.Adopt(fd, "sync_file"));
    }

    internal override void ImportSyncFile(Timeline t, SyncFile file, ulong point)
    {
        using var lease = new HandleLease(t.SyncobjFdUnchecked);
        using var fileLease = new HandleLease(file.Fd);
        UapiException.Check(Interop.Syncobj.ImportSyncFile(Fd, lease.Fd, point, fileLease.Fd), Fd, nameof(SYNCOBJ_IOC_IMPORT_SYNC_FILE));
    }

    internal override void ArmEventfd(Timeline t, ulong point, bool available, UapiFd eventFd)
    {
        using var lease = new HandleLease(t.SyncobjFdUnchecked);
        using var ev = new HandleLease(eventFd);
        int r = Interop.Syncobj.Eventfd(Fd, lease.Fd, point, ev.Fd, available ? SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE : 0);
        UapiException.Check(r, Fd, nameof(SYNCOBJ_IOC_EVENTFD));
    }

    public override void Dispose() => Fd.Dispose();
}
