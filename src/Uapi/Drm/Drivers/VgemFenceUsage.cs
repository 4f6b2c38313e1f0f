using static Uapi.Raw.Interop.Vgem;

namespace Uapi.Drm.Drivers;

/// <summary>How a vgem fence takes part in the buffer's implicit sync.</summary>
public enum VgemFenceUsage : uint
{
    /// <summary>A reader: later writers wait for it; later readers do not.</summary>
    Read = 0,

    /// <summary>A writer (VGEM_FENCE_WRITE): every later reader and writer waits for it.</summary>
    Write = VGEM_FENCE_WRITE,
}
