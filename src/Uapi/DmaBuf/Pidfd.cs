using System.Runtime.InteropServices;
using Uapi.Backends;
using Uapi.Handles;

namespace Uapi.DmaBuf;

/// <summary>pidfd_open(2): an fd for a process (O_CLOEXEC always), e.g. to charge a heap allocation to it.</summary>
public static partial class Pidfd
{
    public static UapiFd Open(int pid, Backend? backend = null)
    {
        int fd = pidfd_open(pid, 0);
        if (fd < 0) throw new UapiException((Errno)Marshal.GetLastPInvokeError(), "pidfd_open", null, "pid " + pid);
        return (backend ?? Backend.Default).Adopt(fd, "pidfd " + pid);
    }

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int pidfd_open(int pid, uint flags);
}
