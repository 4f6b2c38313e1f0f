using static Uapi.Raw.Interop.SwSync;

namespace Uapi.Backends.Loopback.Sync;

/// <summary>One open of sw_sync: a timeline (sw_sync_timeline) whose fences signal when INC reaches their value.</summary>
internal sealed unsafe class SwSyncTimelineFile(LoopbackBackend backend) : LoopbackFile
{
    private readonly ulong _context = FenceOps.NewContext();
    private readonly List<(uint Value, SimpleFenceModel Fence)> _points = new();
    private uint _value;
    // sw_sync names the timeline after the opening thread's comm.
    private readonly string _name = ThreadComm();

    private static string ThreadComm()
    {
        try { return File.ReadAllText("/proc/thread-self/comm").TrimEnd('\n'); }
        catch (IOException) { return "loopback"; }
    }

    public override string Description => DebugfsPath;

    internal override int Ioctl(uint request, void* arg)
    {
        switch (request)
        {
            case SW_SYNC_IOC_CREATE_FENCE:
            {
                var d = (SwSyncCreateFenceData*)arg;
                var fence = new SimpleFenceModel("sw_sync", _name) { Context = _context, Seqno = d->Value };
                lock (FenceOps.Lock)
                {
                    // A value the timeline already passed is born signalled.
                    if (d->Value <= _value) fence.Signal();
                    else _points.Add((d->Value, fence));
                }
                // 6.1 ignores d->Name: the file is named after its fence.
                int fd = backend.Register(new SyncFile(backend, fence));
                if (fd < 0) return fd;
                d->Fence = fd;
                return 0;
            }
            case SW_SYNC_IOC_INC:
            {
                uint inc = *(uint*)arg;
                lock (FenceOps.Lock)
                {
                    _value += inc;
                    foreach (var (v, f) in _points.Where(p => p.Value <= _value).ToList()) f.Signal();
                    _points.RemoveAll(p => p.Value <= _value);
                }
                return 0;
            }
            default:
                return -(int)Errno.ENOTTY;
        }
    }

    protected override void OnLastClose()
    {
        // sw_sync_debugfs_release(): pending fences of a closed timeline signal with error ENOENT.
        lock (FenceOps.Lock)
        {
            foreach (var (_, f) in _points) f.Signal(-(int)Errno.ENOENT);
            _points.Clear();
        }
    }
}
