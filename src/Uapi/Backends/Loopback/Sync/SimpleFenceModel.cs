using Uapi.Host;

namespace Uapi.Backends.Loopback.Sync;

/// <summary>A fence with its own state: a driver's job fence, a sw_sync point, or a signalled stub.</summary>
internal sealed class SimpleFenceModel(string driver, string timeline) : FenceModel
{
    private bool _signaled;
    private int _error;
    private long _timestamp;
    private List<Action>? _callbacks;

    public override string DriverName => driver;
    public override string TimelineName => timeline;
    public override bool IsSignaled => _signaled;
    public override int Status => !_signaled ? 0 : _error != 0 ? _error : 1;
    public override long TimestampNs => _timestamp;

    /// <summary>
    /// dma_fence_allocate_private_stub(): already signalled, stamped now (or at the given time), on context 0 with
    /// seqno 0 like the shared stub, so a sync_file of it is named "stub-stub0-0".
    /// </summary>
    public static SimpleFenceModel Stub(long timestampNs = 0)
    {
        var f = new SimpleFenceModel("stub", "stub") { Context = 0, Seqno = 0 };
        f._signaled = true;
        f._timestamp = timestampNs != 0 ? timestampNs : HostOs.MonotonicNs();
        return f;
    }

    private static SimpleFenceModel? s_shared;

    /// <summary>dma_fence_get_stub(): one signalled fence for everyone, on context 0 with seqno 0, stamped when first asked for.</summary>
    public static SimpleFenceModel SharedStub()
    {
        lock (FenceOps.Lock)
        {
            if (s_shared is null)
            {
                var f = new SimpleFenceModel("stub", "stub") { Context = 0, Seqno = 0 };
                f._signaled = true;
                f._timestamp = HostOs.MonotonicNs();
                s_shared = f;
            }
            return s_shared;
        }
    }

    public void Signal(int error = 0)
    {
        List<Action>? run;
        lock (FenceOps.Lock)
        {
            if (_signaled) return;
            _error = error;
            _timestamp = HostOs.MonotonicNs();
            _signaled = true;
            run = _callbacks;
            _callbacks = null;
            foreach (var cb in run ?? []) cb();
            Monitor.PulseAll(FenceOps.Lock);
        }
    }

    public override bool AddCallback(Action callback)
    {
        lock (FenceOps.Lock)
        {
            if (_signaled) return false;
            (_callbacks ??= new()).Add(callback);
            return true;
        }
    }
}
