using System.Runtime.CompilerServices;
using Uapi.Raw;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Drm;

/// <summary>
/// Request numbers for driver-private DRM ioctls, as the driver headers define them:
/// DRM_IOWR(DRM_COMMAND_BASE + nr, T) and friends. <c>nr</c> is the driver's own number (0x00..0x5F).
/// </summary>
public static class DrmDriverIoctl
{
    /// <summary>Driver numbers occupy DRM_COMMAND_BASE..DRM_COMMAND_END - 1.</summary>
    public const uint MaxNr = DRM_COMMAND_END - DRM_COMMAND_BASE - 1;

    public static uint IO(uint nr) => Ioc.IO(DRM_IOCTL_BASE, Command(nr));
    public static uint IOR<T>(uint nr) where T : unmanaged => Ioc.IOR<T>(DRM_IOCTL_BASE, Command(nr));
    public static uint IOW<T>(uint nr) where T : unmanaged => Ioc.IOW<T>(DRM_IOCTL_BASE, Command(nr));
    public static uint IOWR<T>(uint nr) where T : unmanaged => Ioc.IOWR<T>(DRM_IOCTL_BASE, Command(nr));

    private static uint Command(uint nr) =>
        nr <= MaxNr ? DRM_COMMAND_BASE + nr : throw new ArgumentOutOfRangeException(nameof(nr), nr, $"driver ioctl numbers are 0..0x{MaxNr:X}");

    /// <summary>Rejects a request that is not a DRM driver ioctl, or whose size bits disagree with T (a mismatched struct).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void Validate<T>(uint request) where T : unmanaged
    {
        uint nr = Ioc.Nr(request);
        if (Ioc.Type(request) != DRM_IOCTL_BASE || nr < DRM_COMMAND_BASE || nr >= DRM_COMMAND_END ||
            (Ioc.Dir(request) != Ioc.None && Ioc.Size(request) != (uint)sizeof(T)))
            ThrowInvalid(request, (uint)sizeof(T), typeof(T));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInvalid(uint request, uint size, Type type)
    {
        if (Ioc.Type(request) != DRM_IOCTL_BASE)
            throw new ArgumentException($"request 0x{request:X8} has ioctl type 0x{Ioc.Type(request):X2}, not DRM's 'd'", nameof(request));
        if (Ioc.Nr(request) < DRM_COMMAND_BASE || Ioc.Nr(request) >= DRM_COMMAND_END)
            throw new ArgumentException($"request 0x{request:X8} has nr 0x{Ioc.Nr(request):X2}, outside the driver range 0x{DRM_COMMAND_BASE:X2}..0x{DRM_COMMAND_END - 1:X2}", nameof(request));
        throw new ArgumentException($"request 0x{request:X8} encodes {Ioc.Size(request)} bytes but {type.Name} is {size}", nameof(request));
    }
}
