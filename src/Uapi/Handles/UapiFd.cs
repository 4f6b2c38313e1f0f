using System.Runtime.InteropServices;
using Uapi.Backends;

namespace Uapi.Handles;

/// <summary>
/// Owns one file descriptor and remembers the backend that made it and the path it came from, so every call
/// on it goes to the right backend and every error names the device. The fd is closed exactly once, by release.
/// </summary>
public sealed class UapiFd : SafeHandle
{
    internal UapiFd(Backend backend, int fd, string path, object? model = null) : base(-1, ownsHandle: true)
    {
        Backend = backend;
        Path = path;
        Model = model;
        SetHandle(fd);
    }

    public Backend Backend { get; }

    /// <summary>The device path it was opened from, or a description ("dma-buf", "syncobj fd") for fds made by ioctls.</summary>
    public string Path { get; }

    /// <summary>The loopback's model object behind this fd; null on the kernel backend.</summary>
    internal object? Model { get; }

    public override bool IsInvalid => (long)handle < 0 || (long)handle > int.MaxValue;

    /// <summary>The fd number, for passing to other APIs. Valid only while this handle is alive.</summary>
    public int DangerousFd => (int)DangerousGetHandle();

    protected override bool ReleaseHandle() => Backend.Close((int)handle, Model) == 0;

    /// <summary>A second fd for the same open file (F_DUPFD_CLOEXEC), owned separately.</summary>
    public UapiFd Duplicate() => Backend.Duplicate(this);

    /// <summary>
    /// A second fd for the same open file, owned by another backend: e.g. hand a plain eventfd to the loopback.
    /// The new number is never owned twice, unlike Adopt(other.DangerousFd).
    /// </summary>
    public unsafe UapiFd DuplicateInto(Backend backend)
    {
        using var lease = Lease();
        int r = Handles.FdOps.DupCloexec(lease.Fd);
        if (r < 0) throw new UapiException((Errno)System.Runtime.InteropServices.Marshal.GetLastPInvokeError(), "fcntl(F_DUPFD_CLOEXEC)", Path);
        return backend.Adopt(r, Path);
    }

    /// <summary>Add-ref for the duration of a call; throws ObjectDisposedException after dispose.</summary>
    internal HandleLease Lease() => new(this);
}
