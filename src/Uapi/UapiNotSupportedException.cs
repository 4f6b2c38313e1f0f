namespace Uapi;

/// <summary>The kernel (or the loopback model of it) lacks a feature; raised after probing, never guessed.</summary>
public sealed class UapiNotSupportedException : NotSupportedException
{
    public UapiNotSupportedException(string feature, string? path, string why)
        : base($"{feature}{(path is null ? "" : " on " + path)} is not supported: {why}")
    {
        Feature = feature;
        DevicePath = path;
    }

    public string Feature { get; }
    public string? DevicePath { get; }
}
