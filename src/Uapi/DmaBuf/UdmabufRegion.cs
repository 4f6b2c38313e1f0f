namespace Uapi.DmaBuf;

/// <summary>A region of a memfd for udmabuf: page-aligned offset and size, inside the memfd.</summary>
public readonly record struct UdmabufRegion(Memfd Memfd, long Offset, long Size);
