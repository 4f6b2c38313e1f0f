using Uapi.Async;
using Uapi.Drm;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Sync;

/// <summary>How a provider turns "point signalled" into a completed Task.</summary>
internal abstract class SyncobjAsync
{
    /// <summary>Which mechanism is used: "eventfd" (SYNCOBJ_EVENTFD on a 6.6+ DRM file, or /dev/syncobj) or "waiter-thread" (older kernels).</summary>
    public abstract string Mechanism { get; }

    public abstract Task WaitAsync(Timeline timeline, ulong point, bool available, CancellationToken cancellationToken);

    /// <summary>The waiter-thread mechanism for one DRM file (its <see cref="DrmSyncState"/> makes it once).</summary>
    internal static SyncobjAsync ForThread(DrmSyncState state) => new ThreadWaiter(state);

    /// <summary>
    /// SYNCOBJ_EVENTFD on handle 0: a kernel that has the ioctl checks flags and pad, then fails the lookup
    /// with ENOENT; 6.1 has no handler at that nr and answers EINVAL; a driver without timelines EOPNOTSUPP.
    /// </summary>
    internal static bool EventfdSupported(DrmDevice device) =>
        SyncobjEventfd(device.Fd, handle: 0, point: 0, eventFd: -1, flags: 0) == -(int)Errno.ENOENT;

    /// <summary>
    /// One eventfd per wait, armed through the provider (DRM_IOCTL_SYNCOBJ_EVENTFD or SYNCOBJ_IOC_EVENTFD) and watched by
    /// the shared reactor: one fd per pending wait in this process, and no thread.
    /// </summary>
    internal sealed class EventfdWaiter : SyncobjAsync
    {
        public static readonly EventfdWaiter Instance = new();

        public override string Mechanism => "eventfd";

        public override async Task WaitAsync(Timeline timeline, ulong point, bool available, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            timeline.ThrowIfDisposed();
            using var ev = EventFd.Create();
            timeline.Provider.ArmEventfd(timeline, point, available, ev.Handle);
            await ev.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// For kernels without SYNCOBJ_EVENTFD: one thread per DRM file blocks in a single WAIT_ANY over every pending
    /// point plus a private "kick" syncobj. New waiters and cancellations signal the kick; after each wake one
    /// QUERY over all pending timelines decides who is done. Never a thread per waiter.
    /// </summary>
    private sealed class ThreadWaiter : SyncobjAsync
    {
        private readonly DrmSyncState _state;
        private readonly object _gate = new();
        // Sets, not lists: with thousands pending, every completion removes one entry.
        private readonly HashSet<Pending> _signal = new();
        private readonly HashSet<Pending> _available = new();
        private readonly Loop _signalLoop, _availableLoop;

        public ThreadWaiter(DrmSyncState state)
        {
            _state = state;
            _signalLoop = new Loop(this, _signal, available: false);
            _availableLoop = new Loop(this, _available, available: true);
        }

        public override string Mechanism => "waiter-thread";

        public override Task WaitAsync(Timeline timeline, ulong point, bool available, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
            ObjectDisposedException.ThrowIf(timeline.IsDisposed, timeline);
            var p = new Pending(timeline, point);
            var loop = available ? _availableLoop : _signalLoop;
            lock (_gate) loop.Waiting.Add(p);
            loop.Kick();
            if (cancellationToken.CanBeCanceled)
            {
                p.Cancellation.Attach(cancellationToken.UnsafeRegister(static (s, ct) =>
                {
                    var (pending, l) = ((Pending, Loop))s!;
                    bool removed;
                    lock (l.Owner._gate) removed = l.Waiting.Remove(pending);
                    if (removed && pending.Tcs.TrySetCanceled(ct)) l.Kick();
                }, (p, loop)));
            }
            return p.Tcs.Task;
        }

        private sealed class Pending(Timeline timeline, ulong point)
        {
            public readonly Timeline Timeline = timeline;
            public readonly ulong Point = point;
            public readonly TaskCompletionSource Tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
            public readonly CancellationSlot Cancellation = new();

            public void Complete(Exception? error = null)
            {
                Cancellation.Settle();
                if (error is null) Tcs.TrySetResult(); else Tcs.TrySetException(error);
            }
        }

        private sealed class Loop
        {
            public readonly ThreadWaiter Owner;
            public readonly HashSet<Pending> Waiting;
            private readonly bool _available;
            private Timeline? _kick;
            private ulong _kickPoint;
            private Thread? _thread;

            public Loop(ThreadWaiter owner, HashSet<Pending> list, bool available)
            {
                Owner = owner;
                Waiting = list;
                _available = available;
            }

            /// <summary>Wakes the waiting thread so it picks up the new set (starting it on first use).</summary>
            public void Kick()
            {
                lock (Owner._gate)
                {
                    if (_thread is null)
                    {
                        _kick = Owner._state.Provider.CreateTimeline();
                        _thread = new Thread(Run) { IsBackground = true, Name = "Uapi syncobj waiter" + (_available ? " (available)" : "") };
                        _thread.Start();
                    }
                    if (Owner._state.Timelines) _kick!.Signal(++_kickPoint);
                    else _kick!.Signal();
                }
            }

            private void Run()
            {
                var provider = Owner._state.Provider;
                bool timelines = Owner._state.Timelines;
                while (true)
                {
                    Pending[] pending;
                    uint[] handles;
                    ulong[] points;
                    lock (Owner._gate)
                    {
                        pending = new Pending[Waiting.Count];
                        Waiting.CopyTo(pending);
                        if (!timelines) _kick!.Reset(); // binary kick: re-armed under the gate, before the snapshot is used
                        handles = new uint[pending.Length + 1];
                        points = new ulong[pending.Length + 1];
                        handles[0] = _kick!.Handle;
                        points[0] = timelines ? _kickPoint + 1 : 0;
                        for (int i = 0; i < pending.Length; i++)
                        {
                            handles[i + 1] = pending[i].Timeline.Handle;
                            points[i + 1] = pending[i].Point;
                        }
                    }
                    uint first = 0;
                    try
                    {
                        provider.WaitHandles(handles, points, SyncTimeout.Infinite,
                            DrmSyncobjProvider.WaitFlags(waitAll: false, waitForSubmit: true, _available), out first);
                    }
                    catch (Exception e) when (e is UapiException or ObjectDisposedException)
                    {
                        // A pending syncobj went away (or the device did): settle each entry on its own.
                        foreach (var p in pending) SettleAlone(p);
                        continue;
                    }
                    Collect(pending, first);
                }
            }

            /// <summary>Completes every pending entry that is done: one batched QUERY, plus polls for binary points.</summary>
            private void Collect(Pending[] pending, uint first)
            {
                if (pending.Length == 0) return;
                var done = new bool[pending.Length];
                if (first >= 1 && first <= pending.Length) done[first - 1] = true;
                var state = Owner._state;
                if (state.Timelines)
                {
                    var handles = new uint[pending.Length];
                    var values = new ulong[pending.Length];
                    for (int i = 0; i < pending.Length; i++) handles[i] = pending[i].Timeline.Handle;
                    if (TryQuery(state.Device, handles, values))
                        for (int i = 0; i < pending.Length; i++)
                            if (pending[i].Point != 0 && values[i] >= pending[i].Point) done[i] = true;
                }
                for (int i = 0; i < pending.Length; i++)
                {
                    if (done[i] || (pending[i].Point != 0 && state.Timelines)) continue;
                    done[i] = PollOne(pending[i], out var error);
                    if (error is not null) { Remove(pending[i]); pending[i].Complete(error); }
                }
                for (int i = 0; i < pending.Length; i++)
                    if (done[i] && Remove(pending[i])) pending[i].Complete();
            }

            private bool Remove(Pending p)
            {
                lock (Owner._gate) return Waiting.Remove(p);
            }

            private void SettleAlone(Pending p)
            {
                bool done = PollOne(p, out var error);
                if ((done || error is not null) && Remove(p)) p.Complete(error);
            }

            private bool PollOne(Pending p, out Exception? error)
            {
                error = null;
                try
                {
                    return p.Timeline.Wait(p.Point, SyncTimeout.Poll, waitForSubmit: true, available: _available);
                }
                catch (Exception e) when (e is UapiException or ObjectDisposedException)
                {
                    error = e;
                    return false;
                }
            }

            private bool TryQuery(DrmDevice dev, uint[] handles, ulong[] values) =>
                SyncobjQuery(dev.Fd, handles, values, _available ? DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED : 0) == 0;
        }
    }
}
