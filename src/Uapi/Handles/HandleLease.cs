using System.Runtime.InteropServices;

namespace Uapi.Handles;

/// <summary>
/// Add-ref of any SafeHandle for the length of one call, so its fd number cannot be closed and reused meanwhile
/// (throws ObjectDisposedException after dispose). The one scoped add-ref of the library: object model and loopback.
/// </summary>
internal readonly ref struct HandleLease
{
    private readonly SafeHandle _handle;

    public HandleLease(SafeHandle handle)
    {
        _handle = handle;
        bool added = false;
        handle.DangerousAddRef(ref added);
        Fd = (int)handle.DangerousGetHandle();
    }

    public int Fd { get; }
    public void Dispose() => _handle.DangerousRelease();
}
