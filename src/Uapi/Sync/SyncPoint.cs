namespace Uapi.Sync;

/// <summary>A point on a timeline: the unit a compositor waits on (acquire) and signals (release).</summary>
public readonly record struct SyncPoint(Timeline Timeline, ulong Value)
{
    /// <summary>Signalled now (a poll, never blocks).</summary>
    public bool IsSignaled => Timeline.Wait(Value, SyncTimeout.Poll, waitForSubmit: true);

    /// <summary>Submitted (a fence exists for it), signalled or not.</summary>
    public bool IsAvailable => Timeline.Wait(Value, SyncTimeout.Poll, waitForSubmit: true, available: true);

    public bool Wait(SyncTimeout timeout) => Timeline.Wait(Value, timeout);
    public Task WaitAsync(CancellationToken cancellationToken = default) => Timeline.WaitAsync(Value, cancellationToken);
    public Task WaitAvailableAsync(CancellationToken cancellationToken = default) => Timeline.WaitAsync(Value, cancellationToken, available: true);
    public void Signal() => Timeline.Signal(Value);
    public SyncFile ExportSyncFile() => Timeline.ExportSyncFile(Value);
    public void ImportSyncFile(SyncFile file) => Timeline.ImportSyncFile(file, Value);
    public override string ToString() => $"{Timeline}@{Value}";
}
