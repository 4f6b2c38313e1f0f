namespace Uapi.Backends;

[Flags]
public enum MapAccess
{
    Read = 1,
    Write = 2,
    ReadWrite = Read | Write,
}
