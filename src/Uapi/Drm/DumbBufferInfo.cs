namespace Uapi.Drm;

/// <summary>What CREATE_DUMB returned: the handle, the row pitch in bytes, and the size the kernel allocated.</summary>
public readonly record struct DumbBufferInfo(GemHandle Handle, uint Width, uint Height, uint Bpp, uint Pitch, ulong Size);
