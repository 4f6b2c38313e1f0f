namespace Uapi.DmaBuf;

/// <summary>The access mode of a heap allocation's dma-buf fd (fd_flags &amp; O_ACCMODE); O_CLOEXEC is always added.</summary>
public enum DmaBufFdAccess : uint
{
    ReadOnly = 0,
    WriteOnly = 1,
    ReadWrite = 2,
}
