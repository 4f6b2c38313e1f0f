using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Uapi.Handles;
using Uapi.Memory;

namespace Uapi.Backends;

/// <summary>
/// The syscall seam: the only place the object model reaches the OS. <see cref="KernelBackend"/> calls libc;
/// <see cref="Loopback.LoopbackBackend"/> answers from in-process models of the same devices.
/// Raw calls return a non-negative result or -errno, as the kernel does internally; the throwing forms
/// name the call, the device path and the errno.
/// </summary>
public abstract unsafe class Backend
{
    public const string EnvironmentVariable = "UAPI_BACKEND";

    /// <summary>"kernel" or "loopback".</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Whose answers this backend gives: the running kernel's release (major.minor) on the kernel backend, the
    /// modelled kernel on the loopback. Where kernels disagree on the same input, this says which answer to expect.
    /// </summary>
    public abstract Version KernelVersion { get; }

    public static Backend Kernel => KernelBackend.Instance;
    public static Backend Loopback => Backends.Loopback.LoopbackBackend.Shared;

    private static Backend? s_default;

    /// <summary>
    /// UAPI_BACKEND=kernel|loopback when set; otherwise the kernel when any device node we bind exists, else the loopback.
    /// </summary>
    public static Backend Default => s_default ??= FromName(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>Why <see cref="Default"/> chose what it chose, for tools that report it.</summary>
    public static string DefaultReason { get; private set; } = "";

    public static Backend FromName(string? requested)
    {
        switch (requested?.Trim().ToLowerInvariant())
        {
            case "kernel": DefaultReason = EnvironmentVariable + "=kernel"; return Kernel;
            case "loopback": DefaultReason = EnvironmentVariable + "=loopback"; return Loopback;
            case null or "": break;
            default: throw new ArgumentException($"{EnvironmentVariable} must be 'kernel' or 'loopback', not '{requested}'");
        }
        foreach (var dir in KernelBackend.DeviceDirectories)
        {
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            {
                DefaultReason = dir + " exists";
                return Kernel;
            }
        }
        DefaultReason = "no device nodes under " + string.Join(", ", KernelBackend.DeviceDirectories);
        return Loopback;
    }

    /// <summary>The device nodes this backend offers, sorted by path.</summary>
    public abstract IReadOnlyList<DeviceNode> EnumerateNodes();

    // ---- open / close / dup ----

    /// <summary>Opens a device node. O_CLOEXEC is always added.</summary>
    public UapiFd Open(string path, OpenFlags flags = OpenFlags.ReadWrite)
    {
        int fd = OpenCore(path, (int)flags | Host.HostOs.O_CLOEXEC, out var model);
        if (fd < 0) throw new UapiException((Errno)(-fd), "open", path);
        return new UapiFd(this, fd, path, model);
    }

    /// <summary>Opens a device node, or returns the errno as a result.</summary>
    public Errno TryOpen(string path, OpenFlags flags, out UapiFd? fd)
    {
        int r = OpenCore(path, (int)flags | Host.HostOs.O_CLOEXEC, out var model);
        if (r < 0) { fd = null; return (Errno)(-r); }
        fd = new UapiFd(this, r, path, model);
        return Errno.None;
    }

    /// <returns>The fd, or -errno.</returns>
    protected abstract int OpenCore(string path, int flags, out object? model);

    /// <summary>
    /// Takes ownership of an fd number that an ioctl returned (PRIME export, sync_file export, ...). The number must
    /// be owned by nothing else: two owners means a double close of whatever file reuses the number later.
    /// </summary>
    public abstract UapiFd Adopt(int fd, string description);

    internal abstract int Close(int fd, object? model);

    internal abstract UapiFd Duplicate(UapiFd fd);

    /// <summary>
    /// A new fd (F_DUPFD_CLOEXEC) for the file behind any SafeHandle, owned by this backend: e.g. a syncobj fd that came
    /// from elsewhere. On the loopback the new fd keeps the model behind the original one.
    /// </summary>
    internal UapiFd DuplicateHandle(SafeHandle handle, string description)
    {
        if (handle is UapiFd own && ReferenceEquals(own.Backend, this)) return Duplicate(own);
        using var lease = new Handles.HandleLease(handle);
        int r = Handles.FdOps.DupCloexec(lease.Fd);
        if (r < 0) throw new UapiException((Errno)System.Runtime.InteropServices.Marshal.GetLastPInvokeError(), "fcntl(F_DUPFD_CLOEXEC)", description);
        return AdoptDuplicate(r, lease.Fd, description);
    }

    /// <summary>
    /// The exporter's name if <paramref name="fd"/> is a dma-buf, else null: dma_buf_show_fdinfo() writes "exp_name:"
    /// into /proc/self/fdinfo for dma-bufs and nothing else does. The loopback answers from its model.
    /// </summary>
    internal virtual string? DmaBufExporter(UapiFd fd)
    {
        using var lease = fd.Lease();
        return Host.HostOs.FdInfoText(lease.Fd, "exp_name:");
    }

    /// <summary>Owns <paramref name="fd"/>, a fresh duplicate of <paramref name="original"/>.</summary>
    private protected virtual UapiFd AdoptDuplicate(int fd, int original, string description) => new(this, fd, description);

    // ---- ioctl ----

    /// <summary>One ioctl, no retry. Returns the result or -errno.</summary>
    protected abstract int IoctlCore(UapiFd fd, int fdNumber, uint request, void* arg);

    /// <summary>
    /// ioctl with libdrm's retry rule: EINTR and EAGAIN are tried again. Returns the result (≥ 0) or -errno.
    /// Throws ObjectDisposedException on a closed handle.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Ioctl(UapiFd fd, uint request, void* arg)
    {
        bool added = false;
        fd.DangerousAddRef(ref added);
        try
        {
            int fdNumber = (int)fd.DangerousGetHandle();
            int r;
            do r = IoctlCore(fd, fdNumber, request, arg);
            while (r == -(int)Errno.EINTR || r == -(int)Errno.EAGAIN);
            return r;
        }
        finally
        {
            fd.DangerousRelease();
        }
    }

    /// <summary>ioctl that throws <see cref="UapiException"/> naming <paramref name="name"/> and the device.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IoctlOrThrow(UapiFd fd, uint request, void* arg, string name)
    {
        int r = Ioctl(fd, request, arg);
        if (r < 0) UapiException.Throw(r, fd, name);
        return r;
    }

    // ---- lseek / poll ----

    /// <summary>lseek on the fd (a dma-buf's size is lseek(SEEK_END)). Returns the new offset or -errno.</summary>
    public long Seek(UapiFd fd, long offset, int whence)
    {
        using var lease = fd.Lease();
        return SeekCore(fd, lease.Fd, offset, whence);
    }

    protected virtual long SeekCore(UapiFd fd, int fdNumber, long offset, int whence)
    {
        long r = Tmds.Linux.LibC.lseek(fdNumber, offset, whence);
        return r >= 0 ? r : -System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
    }

    /// <summary>
    /// poll(2) on one fd for <paramref name="events"/> (POLLIN, POLLOUT), waiting up to <paramref name="timeoutMs"/>
    /// (-1: forever, 0: just look). Returns the revents (0 when the wait timed out) or -errno; EINTR is retried.
    /// </summary>
    public int Poll(UapiFd fd, short events, int timeoutMs)
    {
        using var lease = fd.Lease();
        return PollCore(fd, lease.Fd, events, timeoutMs);
    }

    protected virtual int PollCore(UapiFd fd, int fdNumber, short events, int timeoutMs) => PollFd(fdNumber, events, timeoutMs);

    internal static int PollFd(int fdNumber, short events, int timeoutMs)
    {
        var p = new Tmds.Linux.pollfd { fd = fdNumber, events = events };
        int r;
        do r = Tmds.Linux.LibC.poll(&p, 1, timeoutMs);
        while (r < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == (int)Errno.EINTR);
        if (r < 0) return -System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        return r == 0 ? 0 : p.revents;
    }

    // ---- mmap ----

    /// <summary>Maps <paramref name="length"/> bytes of the fd at <paramref name="offset"/> (MAP_SHARED).</summary>
    public MappedMemory Map(UapiFd fd, long offset, long length, MapAccess access = MapAccess.ReadWrite)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        using var lease = fd.Lease();
        void* p = MapCore(fd, lease.Fd, offset, (nuint)length, access, out var errno);
        if (errno != Errno.None) throw new UapiException(errno, "mmap", fd.Path, $"offset 0x{offset:x}, length {length}");
        return new MappedMemory(new MappingHandle(this, (nint)p, (nuint)length), length, fd.Path);
    }

    protected abstract void* MapCore(UapiFd fd, int fdNumber, long offset, nuint length, MapAccess access, out Errno errno);

    /// <summary>munmap of a range <see cref="Map"/> returned. Returns 0 or -errno.</summary>
    internal virtual int Unmap(nint address, nuint length) =>
        Tmds.Linux.LibC.munmap((void*)address, (Tmds.Linux.size_t)(ulong)length) == 0 ? 0 : -System.Runtime.InteropServices.Marshal.GetLastPInvokeError();

    // ---- helpers shared by both backends ----

    /// <summary>Reads the device number of a path: (major, minor), or null if it is not a character device.</summary>
    public abstract (uint Major, uint Minor)? CharDevice(string path);

    /// <summary>fstat of an open fd: its device number, or null if it is not a character device.</summary>
    public abstract (uint Major, uint Minor)? CharDevice(UapiFd fd);

    // ---- sysfs: the questions enumeration asks (the kernel reads /sys and /proc, the loopback its node registry) ----

    /// <summary>The major a char driver registered under this name (/proc/devices): "drm" is 226, "accel" 261; null if none.</summary>
    public abstract uint? CharMajor(string driverName);

    /// <summary>What sysfs says about a device number (/sys/dev/char/MAJ:MIN): its class device and the device behind it; null if nothing.</summary>
    public abstract SysfsCharDevice? DescribeCharDevice(uint major, uint minor);

    /// <summary>The device numbers of a sysfs class's members (/sys/class/NAME), sorted; members without one are left out.</summary>
    public abstract IReadOnlyList<(uint Major, uint Minor)> EnumerateClass(string className);
}
