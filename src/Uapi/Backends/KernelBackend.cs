using System.Runtime.InteropServices;
using System.Text;
using Tmds.Linux;
using Uapi.Handles;
using Uapi.Raw;
using static Tmds.Linux.LibC;

namespace Uapi.Backends;

/// <summary>The real kernel: open/ioctl/mmap through libc, errno captured on the line after each call.</summary>
public sealed unsafe class KernelBackend : Backend
{
    internal static readonly KernelBackend Instance = new();

    internal static readonly string[] DeviceDirectories = ["/dev/dri", "/dev/accel", "/dev/dma_heap", "/dev/vfio"];
    private static readonly string[] SingleNodes = ["/dev/udmabuf", "/dev/syncobj", "/dev/iommu"];

    private KernelBackend() { }

    public override string Name => "kernel";

    private static readonly Lazy<Version> s_release = new(() => ParseRelease(File.ReadAllText("/proc/sys/kernel/osrelease")));

    public override Version KernelVersion => s_release.Value;

    /// <summary>"6.1.0-28-amd64" or "6.12.117" → major.minor.</summary>
    internal static Version ParseRelease(string release)
    {
        var parts = release.Trim().Split('.', 3);
        static int Number(string s)
        {
            var n = 0;
            foreach (var c in s) { if (c is < '0' or > '9') break; n = n * 10 + (c - '0'); }
            return n;
        }
        return new Version(Number(parts[0]), parts.Length > 1 ? Number(parts[1]) : 0);
    }

    public override IReadOnlyList<DeviceNode> EnumerateNodes()
    {
        var nodes = new List<DeviceNode>();
        foreach (var dir in DeviceDirectories)
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var path in Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories))
                if (CharDevice(path) is { } dev) nodes.Add(new DeviceNode(path, DeviceNode.Classify(path), dev.Major, dev.Minor));
        }
        foreach (var path in SingleNodes)
            if (CharDevice(path) is { } dev) nodes.Add(new DeviceNode(path, DeviceNode.Classify(path), dev.Major, dev.Minor));
        nodes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return nodes;
    }

    public override (uint Major, uint Minor)? CharDevice(string path)
    {
        stat st;
        Span<byte> buf = stackalloc byte[CString.StackSize];
        fixed (byte* p = CString.Encode(path, buf))
            if (stat(p, &st) != 0) return null;
        return DeviceNumber(&st);
    }

    public override (uint Major, uint Minor)? CharDevice(UapiFd fd)
    {
        using var lease = fd.Lease();
        return FStat(lease.Fd);
    }

    internal static (uint Major, uint Minor)? FStat(int fd)
    {
        stat st;
        return fstat(fd, &st) == 0 ? DeviceNumber(&st) : null;
    }

    private static (uint Major, uint Minor)? DeviceNumber(stat* st)
    {
        const uint S_IFMT = 0xF000, S_IFCHR = 0x2000;
        if (((uint)st->st_mode & S_IFMT) != S_IFCHR) return null;
        ulong dev = st->st_rdev;
        // glibc's gnu_dev_major/minor split of the 64-bit dev_t.
        uint major = (uint)(((dev >> 32) & 0xFFFFF000) | ((dev >> 8) & 0xFFF));
        uint minor = (uint)(((dev >> 12) & 0xFFFFFF00) | (dev & 0xFF));
        return (major, minor);
    }

    public override uint? CharMajor(string driverName) => Sysfs.Host.CharMajor(driverName);

    public override SysfsCharDevice? DescribeCharDevice(uint major, uint minor) => Sysfs.Host.Describe(major, minor);

    public override IReadOnlyList<(uint Major, uint Minor)> EnumerateClass(string className) => Sysfs.Host.EnumerateClass(className);

    protected override int OpenCore(string path, int flags, out object? model)
    {
        model = null;
        Span<byte> buf = stackalloc byte[CString.StackSize];
        fixed (byte* p = CString.Encode(path, buf))
        {
            int fd = open(p, flags, 0);
            return fd >= 0 ? fd : -Marshal.GetLastPInvokeError();
        }
    }

    public override UapiFd Adopt(int fd, string description)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        return new UapiFd(this, fd, description);
    }

    internal override int Close(int fd, object? model) => close(fd) == 0 ? 0 : -Marshal.GetLastPInvokeError();

    internal override UapiFd Duplicate(UapiFd fd)
    {
        using var lease = fd.Lease();
        int r = FdOps.DupCloexec(lease.Fd);
        if (r < 0) throw new UapiException((Errno)Marshal.GetLastPInvokeError(), "fcntl(F_DUPFD_CLOEXEC)", fd.Path);
        return new UapiFd(this, r, fd.Path);
    }

    protected override int IoctlCore(UapiFd fd, int fdNumber, uint request, void* arg)
    {
        int r = Interop.Libc.Ioctl(fdNumber, request, arg);
        return r >= 0 ? r : -Marshal.GetLastPInvokeError();
    }

    protected override void* MapCore(UapiFd fd, int fdNumber, long offset, nuint length, MapAccess access, out Errno errno)
    {
        return Host.HostOs.MapShared(fdNumber, offset, length, Host.HostOs.Prot(access), out errno);
    }
}

/// <summary>NUL-terminated UTF-8 for one native call, on the stack when it fits.</summary>
internal static class CString
{
    public const int StackSize = 256;

    public static Span<byte> Encode(string s, Span<byte> stackBuffer)
    {
        int max = Encoding.UTF8.GetMaxByteCount(s.Length) + 1;
        Span<byte> buf = max <= stackBuffer.Length ? stackBuffer : new byte[max];
        int n = Encoding.UTF8.GetBytes(s, buf);
        buf[n] = 0;
        return buf[..(n + 1)];
    }
}
