namespace Uapi.Host;

/// <summary>
/// The host facts and small syscalls that the object model and the loopback both need, written once: open flags,
/// page math, the monotonic clock, memfds and their seals, and /proc/self/fd. Split by topic (HostOs.*.cs), as
/// dotnet/runtime splits Interop.Sys; nothing here knows about a device.
/// </summary>
internal static partial class HostOs
{
    /// <summary>O_RDWR, O_ACCMODE and O_CLOEXEC as Linux spells them (x86_64 and arm64 share these values).</summary>
    public const int O_RDWR = 2, O_ACCMODE = 3, O_CLOEXEC = 0x80000;

    /// <summary>lseek whences.</summary>
    public const int SEEK_SET = 0, SEEK_END = 2;
}
