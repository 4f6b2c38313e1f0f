using System.Diagnostics;

namespace Uapi.Host;

internal static partial class HostOs
{
    /// <summary>CLOCK_MONOTONIC now, in ns: what Stopwatch reads on Linux, and what the kernel stamps fences and takes timeouts in.</summary>
    public static long MonotonicNs() =>
        Stopwatch.Frequency == 1_000_000_000 ? Stopwatch.GetTimestamp() : (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
}
