namespace Uapi.Backends.Loopback;

/// <summary>
/// Which of the newer kernel features the standard loopback devices have. The default is a current kernel plus the
/// /dev/syncobj RFC; the presets model the kernels our VMs boot, so a test can take the paths a 6.1 machine takes.
/// </summary>
public sealed record StandardDeviceOptions
{
    /// <summary>
    /// The kernel whose answers the models give where kernels disagree on the same input (legacy core ioctls, a
    /// zero-count wait, VERSION's date): 6.1 or 6.12. A current kernel answers as 6.12, the newest one we boot.
    /// </summary>
    public Version Kernel { get; init; } = Linux612;

    public static readonly Version Linux61 = new(6, 1);
    public static readonly Version Linux612 = new(6, 12);

    /// <summary>/dev/syncobj, the 2026 RFC's misc device.</summary>
    public bool DevSyncobj { get; init; } = true;

    /// <summary>vgem has DRIVER_SYNCOBJ | DRIVER_SYNCOBJ_TIMELINE (our test kernel's patch); false is stock vgem.</summary>
    public bool VgemSyncobj { get; init; } = true;

    /// <summary>DRM_IOCTL_SYNCOBJ_EVENTFD (6.6+). Without it, async waits on a DRM file use the waiter thread.</summary>
    public bool SyncobjEventfd { get; init; } = true;

    /// <summary>The 6.4 deadline series: DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE and sync_file's SYNC_IOC_SET_DEADLINE (ENOTTY without it).</summary>
    public bool WaitDeadline { get; init; } = true;

    /// <summary>The 2025 sync_file import/export at a timeline point.</summary>
    public bool TimelineSyncFile { get; init; } = true;

    /// <summary>/dev/dma_heap/system and /dev/dma_heap/reserved (a 64 MiB CMA area, as cma=64M gives the test kernel).</summary>
    public bool DmaHeaps { get; init; } = true;

    /// <summary>The heaps know the 2026 RFC's charge_pid_fd (FACTS §8.2); no kernel we boot does.</summary>
    public bool HeapChargePidFd { get; init; } = true;

    /// <summary>/dev/udmabuf.</summary>
    public bool Udmabuf { get; init; } = true;

    /// <summary>A current kernel with the /dev/syncobj RFC: what <see cref="LoopbackBackend.Standard()"/> builds.</summary>
    public static StandardDeviceOptions Current { get; } = new();

    /// <summary>The syncobj side of our test kernel: 6.1 with vgem's syncobj patch, no /dev/syncobj, nothing newer than 6.1.</summary>
    public static StandardDeviceOptions TestKernel61 { get; } = new()
    {
        Kernel = Linux61, DevSyncobj = false, SyncobjEventfd = false, WaitDeadline = false, TimelineSyncFile = false, HeapChargePidFd = false,
    };

    /// <summary>Our 6.12 test kernel: EVENTFD and deadlines, no /dev/syncobj, timeline sync_files or charge_pid_fd (all newer).</summary>
    public static StandardDeviceOptions TestKernel612 { get; } = new()
    {
        Kernel = Linux612, DevSyncobj = false, TimelineSyncFile = false, HeapChargePidFd = false,
    };

    /// <summary>The syncobj side of Debian's stock 6.1: no driver with syncobj and no /dev/syncobj.</summary>
    public static StandardDeviceOptions Stock61 { get; } = TestKernel61 with { VgemSyncobj = false, DmaHeaps = false, Udmabuf = false };
}
