namespace Uapi.Host;

internal static partial class HostOs
{
    private const int _SC_PAGESIZE = 30, _SC_PHYS_PAGES = 85; // glibc's numbering

    /// <summary>The kernel's page size (4096 on x86_64); static readonly, so the JIT folds it.</summary>
    public static readonly ulong PageSize = (ulong)(long)Tmds.Linux.LibC.sysconf(_SC_PAGESIZE);

    /// <summary>Physical memory in bytes (MemTotal).</summary>
    public static ulong PhysicalBytes => (ulong)(long)Tmds.Linux.LibC.sysconf(_SC_PHYS_PAGES) * PageSize;

    /// <summary>Rounds up to whole pages, as PAGE_ALIGN does (wrapping to 0 past the top, as the kernel's does).</summary>
    public static ulong PageAlign(ulong length) => unchecked(length + PageSize - 1) & ~(PageSize - 1);

    public static bool IsPageAligned(ulong value) => (value & (PageSize - 1)) == 0;
}
