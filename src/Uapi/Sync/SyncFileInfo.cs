namespace Uapi.Sync;

/// <summary>SYNC_IOC_FILE_INFO: the file's name, overall status (1 signalled, 0 active, &lt;0 error) and fences.</summary>
public sealed record SyncFileInfo(string Name, int Status, IReadOnlyList<SyncFenceInfo> Fences);
