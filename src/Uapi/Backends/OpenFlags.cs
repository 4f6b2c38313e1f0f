namespace Uapi.Backends;

[Flags]
public enum OpenFlags
{
    ReadOnly = 0,
    WriteOnly = 1,
    ReadWrite = 2,
    NonBlock = 0x800,
}
