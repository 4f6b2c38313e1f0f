namespace Uapi.Sync;

/// <summary>
/// When a wait gives up. The kernel takes an absolute CLOCK_MONOTONIC time in ns (0 means "poll");
/// this type converts relative and infinite forms to that once, at the call.
/// </summary>
public readonly struct SyncTimeout
{
    private readonly long _absoluteNs;
    private readonly byte _kind; // 0 poll, 1 absolute, 2 relative, 3 infinite
    private readonly long _relativeNs;

    private SyncTimeout(byte kind, long absoluteNs, long relativeNs)
    {
        _kind = kind;
        _absoluteNs = absoluteNs;
        _relativeNs = relativeNs;
    }

    /// <summary>Do not wait: report the state now.</summary>
    public static SyncTimeout Poll => default;

    public static SyncTimeout Infinite => new(3, 0, 0);

    /// <summary>Give up after this long from the moment of the call.</summary>
    public static SyncTimeout After(TimeSpan span) =>
        span < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(span)) : new(2, 0, span.Ticks * 100);

    /// <summary>Give up at an absolute CLOCK_MONOTONIC time in ns, the kernel's own form.</summary>
    public static SyncTimeout AtMonotonicNs(long deadlineNs) => new(1, deadlineNs, 0);

    public static implicit operator SyncTimeout(TimeSpan span) => After(span);

    /// <summary>CLOCK_MONOTONIC now, in ns (what Stopwatch reads on Linux).</summary>
    public static long MonotonicNowNs() => Host.HostOs.MonotonicNs();

    /// <summary>The kernel's timeout_nsec: 0 to poll, an absolute time otherwise.</summary>
    internal long ToKernelAbsoluteNs() => _kind switch
    {
        0 => 0,
        1 => Math.Max(1, _absoluteNs),
        2 => _relativeNs == 0 ? 0 : SaturatingAdd(MonotonicNowNs(), _relativeNs),
        _ => long.MaxValue,
    };

    /// <summary>Milliseconds for poll(2): -1 infinite.</summary>
    internal int ToPollMilliseconds()
    {
        switch (_kind)
        {
            case 0: return 0;
            case 3: return -1;
            default:
                long left = _kind == 2 ? _relativeNs : _absoluteNs - MonotonicNowNs();
                if (left <= 0) return 0;
                return (int)Math.Min(int.MaxValue, (left + 999_999) / 1_000_000);
        }
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
