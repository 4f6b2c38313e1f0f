namespace Uapi.Sync;

/// <summary>Where a <see cref="SyncobjProvider"/>'s syncobjs live.</summary>
public enum SyncobjProviderKind
{
    /// <summary>/dev/syncobj (the 2026 RFC): each syncobj is an fd of its own; async waits through SYNCOBJ_IOC_EVENTFD.</summary>
    DevSyncobj,

    /// <summary>A DRM file (a render node, normally): each syncobj is a handle on that file.</summary>
    Drm,
}
