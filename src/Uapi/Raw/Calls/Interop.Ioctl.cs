using Uapi.Handles;

namespace Uapi.Raw;

// The raw call layer (drm-ffi style): one static method per bound ioctl, in Raw/Calls/Interop.<Header>.Calls.cs,
// reopening the same partial class as the header's structs. Each fills the kernel struct (pads and unset fields
// zeroed by `new`), calls the seam and returns its result: >= 0, or -errno. No policy: no throws for errno, no
// caching, no ownership. Fds inside a struct are plain numbers the caller keeps open for the length of the call.
public static partial class Interop
{
    /// <summary>
    /// Any ioctl with its argument struct, for requests this layer has no named call for (a driver's own ioctls).
    /// Returns the result or -errno.
    /// </summary>
    public static unsafe int Ioctl<T>(UapiFd fd, uint request, ref T arg) where T : unmanaged
    {
        fixed (T* p = &arg) return fd.Backend.Ioctl(fd, request, p);
    }
}
