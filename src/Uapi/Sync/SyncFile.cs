using System.Runtime.InteropServices;
using System.Text;
using Uapi.Async;
using Uapi.Handles;
using Uapi.Raw;
using static Uapi.Raw.Interop.SyncFile;
using RawFenceInfo = Uapi.Raw.Interop.SyncFile.SyncFenceInfo;

namespace Uapi.Sync;

/// <summary>
/// A sync_file fd: a snapshot of one or more fences, readable (POLLIN) once they all signalled. What explicit-sync
/// APIs pass between processes and drivers.
/// </summary>
public sealed unsafe class SyncFile : IDisposable
{
    public SyncFile(UapiFd fd) => Fd = fd;

    public UapiFd Fd { get; }

    /// <summary>Signalled now: poll(POLLIN) with a zero timeout.</summary>
    public bool IsSignaled => Wait(SyncTimeout.Poll);

    /// <summary>poll(2) for POLLIN; false on timeout.</summary>
    public bool Wait(SyncTimeout timeout)
    {
        using var lease = new HandleLease(Fd);
        var pfd = new Tmds.Linux.pollfd { fd = lease.Fd, events = Tmds.Linux.LibC.POLLIN };
        while (true)
        {
            int r = Tmds.Linux.LibC.poll(&pfd, 1, timeout.ToPollMilliseconds());
            if (r > 0) return true;
            if (r == 0) return false;
            var errno = (Errno)Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR) throw new UapiException(errno, "poll", Fd.Path);
        }
    }

    /// <summary>Completes when every fence signalled (the fd becomes readable), through the shared epoll reactor.</summary>
    public Task WaitAsync(CancellationToken cancellationToken = default) => Reactor.Shared.WaitReadableAsync(Fd, cancellationToken);

    /// <summary>SYNC_IOC_MERGE: a new sync_file that signals when both this and <paramref name="other"/> have.</summary>
    public SyncFile Merge(SyncFile other, string name = "merged")
    {
        using var lease = new HandleLease(other.Fd);
        UapiException.Check(Interop.SyncFile.Merge(Fd, Encoding.ASCII.GetBytes(name), lease.Fd, out int fence), Fd, nameof(SYNC_IOC_MERGE));
        return new SyncFile(Fd.Backend.Adopt(fence, "sync_file"));
    }

    /// <summary>SYNC_IOC_FILE_INFO, both passes: count first, then every fence's details.</summary>
    public SyncFileInfo Info()
    {
        UapiException.Check(Interop.SyncFile.FileInfo(Fd, default, out var info), Fd, nameof(SYNC_IOC_FILE_INFO));
        // A sync_file's fence set never changes, so the count from pass one holds for pass two.
        var fences = new RawFenceInfo[Math.Max(1, (int)info.NumFences)];
        int status = info.Status;
        if (info.NumFences > 0)
        {
            UapiException.Check(Interop.SyncFile.FileInfo(Fd, fences.AsSpan(0, (int)info.NumFences), out info), Fd, nameof(SYNC_IOC_FILE_INFO));
            status = info.Status;
        }
        var list = new List<SyncFenceInfo>((int)info.NumFences);
        for (int i = 0; i < info.NumFences; i++)
        {
            fixed (byte* obj = fences[i].ObjName, drv = fences[i].DriverName)
                list.Add(new SyncFenceInfo(CStr(obj, 32), CStr(drv, 32), fences[i].Status, (long)fences[i].TimestampNs));
        }
        return new SyncFileInfo(CStr(info.Name, 32), status, list);
    }

    /// <summary>SYNC_IOC_SET_DEADLINE (6.4+): tells the signaller the fence is wanted by this CLOCK_MONOTONIC time.</summary>
    public void SetDeadline(long monotonicNs)
    {
        int r = Interop.SyncFile.SetDeadline(Fd, (ulong)monotonicNs);
        if (r == -(int)Errno.ENOTTY)
            throw new UapiNotSupportedException("SYNC_IOC_SET_DEADLINE", Fd.Path, "the kernel's sync_file has no deadline ioctl (added in 6.4)");
        if (r < 0) UapiException.Throw(r, Fd, nameof(SYNC_IOC_SET_DEADLINE));
    }

    private static string CStr(byte* p, int max)
    {
        int n = 0;
        while (n < max && p[n] != 0) n++;
        return Encoding.ASCII.GetString(p, n);
    }

    public void Dispose() => Fd.Dispose();
}
