using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace Uapi.Backends.Loopback;

/// <summary>
/// The model of one open file (struct file). Reference counted across dup'd fds; released when the last fd closes,
/// as the kernel's release runs on the last fput.
/// </summary>
public abstract unsafe class LoopbackFile
{
    private KRef _refs;

    /// <summary>Path or object kind, used in error messages ("/dev/dri/renderD128", "dma-buf").</summary>
    public abstract string Description { get; }

    /// <summary>The device number fstat reports for this file (the node it was opened from); null if it is not a device file.</summary>
    internal virtual (uint Major, uint Minor)? DeviceNumber => null;

    /// <summary>The kernel's answer to this ioctl: a result ≥ 0 or -errno.</summary>
    internal abstract int Ioctl(uint request, void* arg);

    /// <summary>The kernel's mmap for this file (f_op->mmap): the address, or null with the errno (ENODEV when it has none).</summary>
    internal virtual void* Map(long offset, nuint length, int prot, out Errno errno)
    {
        errno = Errno.ENODEV;
        return null;
    }

    /// <summary>The kernel's llseek for this file: the new offset or -errno; null when the real fd answers for it.</summary>
    internal virtual long? Seek(long offset, int whence) => null;

    /// <summary>The kernel's poll for this file: revents (0 if nothing is ready within the timeout); null when the real fd answers.</summary>
    internal virtual int? Poll(short events, int timeoutMs) => null;

    /// <summary>Makes the real fd that stands for this file. The default is a non-blocking eventfd.</summary>
    internal virtual int CreateFd()
    {
        int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        return fd >= 0 ? fd : -Marshal.GetLastPInvokeError();
    }

    internal void AddRef() => _refs.Get();

    internal void Release()
    {
        if (_refs.Put()) OnLastClose();
    }

    /// <summary>Runs once, when the last fd for this file is closed.</summary>
    protected virtual void OnLastClose() { }
}
