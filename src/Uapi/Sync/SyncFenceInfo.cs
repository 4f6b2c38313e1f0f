namespace Uapi.Sync;

/// <summary>One fence of a sync_file as SYNC_IOC_FILE_INFO reports it.</summary>
public sealed record SyncFenceInfo(string TimelineName, string DriverName, int Status, long TimestampNs)
{
    public bool IsSignaled => Status == 1;
    public bool IsError => Status < 0;
}
