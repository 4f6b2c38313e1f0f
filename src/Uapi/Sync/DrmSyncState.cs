using System.Runtime.CompilerServices;
using Uapi.Drm;

namespace Uapi.Sync;

/// <summary>
/// What the sync side knows about one open DRM file: its probes and its async waiter. Kept here, keyed on the device
/// in a weak table, so the Drm folder knows nothing of syncobjs; every provider of the file shares it.
/// </summary>
internal sealed class DrmSyncState
{
    private static readonly ConditionalWeakTable<DrmDevice, DrmSyncState> s_states = new();

    private int _timelines;           // 0 unknown, 1 DRM_CAP_SYNCOBJ_TIMELINE set, -1 not
    private SyncobjAsync? _async;
    private DrmSyncobjProvider? _provider;

    private DrmSyncState(DrmDevice device) => Device = device;

    public static DrmSyncState Of(DrmDevice device) => s_states.GetValue(device, static d => new DrmSyncState(d));

    public DrmDevice Device { get; }

    /// <summary>DRM_CAP_SYNCOBJ_TIMELINE, read once.</summary>
    public bool Timelines
    {
        get
        {
            if (_timelines == 0) _timelines = Device.TryGetCap(DrmCapability.SyncobjTimeline, out var v) == Errno.None && v != 0 ? 1 : -1;
            return _timelines > 0;
        }
    }

    /// <summary>0 unknown, 1 the kernel knows DRM_SYNCOBJ_*_FLAGS_TIMELINE, -1 it does not.</summary>
    public int TimelineSyncFileSupport { get; set; }

    /// <summary>The file as a provider that does not own it, made once.</summary>
    public DrmSyncobjProvider Provider
    {
        get
        {
            if (_provider is { } existing) return existing;
            lock (this) return _provider ??= new DrmSyncobjProvider(this, ownsDevice: false);
        }
    }

    /// <summary>How async waits on this file's syncobjs work (eventfd or a waiter thread), decided on first use.</summary>
    public SyncobjAsync Async
    {
        get
        {
            if (_async is { } existing) return existing;
            lock (this) return _async ??= SyncobjAsync.EventfdSupported(Device) ? SyncobjAsync.EventfdWaiter.Instance : SyncobjAsync.ForThread(this);
        }
    }
}
