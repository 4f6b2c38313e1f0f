using Uapi.Host;

namespace Uapi.Memory;

/// <summary>What the machine has: its page size and its physical memory (sysconf).</summary>
public static class SystemMemory
{
    /// <summary>The kernel's page size (4096 on x86_64).</summary>
    public static long PageSize => (long)HostOs.PageSize;

    /// <summary>Physical memory in bytes (MemTotal).</summary>
    public static ulong PhysicalBytes => HostOs.PhysicalBytes;

    /// <summary>Rounds up to whole pages, as PAGE_ALIGN does (wrapping to 0 past the top, as the kernel's does).</summary>
    public static ulong PageAlign(ulong length) => HostOs.PageAlign(length);
}
