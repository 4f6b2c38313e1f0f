namespace Uapi.Tests;

internal sealed record NewerIoctl(string Name, uint Value, string? CStruct);
