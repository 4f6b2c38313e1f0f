namespace Uapi.Backends.Loopback.Drm;

public sealed class KmsPropertyModel(string name, bool atomicOnly)
{
    public uint Id { get; internal set; }
    public string Name { get; } = name;
    public bool AtomicOnly { get; } = atomicOnly;
}
