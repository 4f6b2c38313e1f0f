using System.Net.Sockets;
using System.Runtime.InteropServices;
using Tmds.Linux;
using Uapi.Backends;
using static Tmds.Linux.LibC;

namespace Uapi.Handles;

/// <summary>
/// Passing fds between processes over a Unix socket (sendmsg/recvmsg with SCM_RIGHTS), as a compositor and its clients
/// pass dma-bufs and sync_files. Received fds are O_CLOEXEC (MSG_CMSG_CLOEXEC) and each is owned by a <see cref="UapiFd"/>
/// of the backend the caller names. Uses Tmds.LibC's sendmsg/recvmsg (README: why not Mono.Posix).
/// </summary>
public static unsafe class UnixFdPassing
{
    /// <summary>Most fds one message carries here (the kernel's SCM_MAX_FD is 253).</summary>
    public const int MaxFds = 253;

    /// <summary>Sends <paramref name="data"/> (at least one byte) with the fds behind <paramref name="fds"/>; the caller keeps its own fds.</summary>
    public static void Send(Socket socket, ReadOnlySpan<byte> data, ReadOnlySpan<SafeHandle> fds)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (data.IsEmpty) throw new ArgumentException("SCM_RIGHTS needs at least one byte of data", nameof(data));
        if (fds.Length > MaxFds) throw new ArgumentException($"at most {MaxFds} fds per message", nameof(fds));
        int controlLen = fds.IsEmpty ? 0 : (int)CMSG_SPACE(fds.Length * sizeof(int));
        byte* control = stackalloc byte[Math.Max(controlLen, 1)];
        new Span<byte>(control, Math.Max(controlLen, 1)).Clear();
        int added = 0;
        using var socketLease = new HandleLease(socket.SafeHandle);
        try
        {
            fixed (byte* d = data)
            {
                var iov = new iovec { iov_base = d, iov_len = (size_t)(ulong)data.Length };
                var msg = new msghdr { msg_iov = &iov, msg_iovlen = 1 };
                if (!fds.IsEmpty)
                {
                    msg.msg_control = control;
                    msg.msg_controllen = (socklen_t)(uint)controlLen;
                    var c = CMSG_FIRSTHDR(&msg);
                    c->cmsg_level = SOL_SOCKET;
                    c->cmsg_type = SCM_RIGHTS;
                    c->cmsg_len = CMSG_LEN(fds.Length * sizeof(int));
                    int* slot = (int*)CMSG_DATA(c);
                    for (int i = 0; i < fds.Length; i++)
                    {
                        bool ok = false;
                        fds[i].DangerousAddRef(ref ok);
                        added++;
                        slot[i] = (int)fds[i].DangerousGetHandle();
                    }
                }
                int sock = socketLease.Fd;
                long r;
                do r = sendmsg(sock, &msg, MSG_NOSIGNAL);
                while (r < 0 && Marshal.GetLastPInvokeError() == (int)Errno.EINTR);
                if (r < 0) throw new UapiException((Errno)Marshal.GetLastPInvokeError(), "sendmsg(SCM_RIGHTS)", null);
                if (r != data.Length) throw new IOException($"sendmsg sent {r} of {data.Length} bytes");
            }
        }
        finally
        {
            for (int i = 0; i < added; i++) fds[i].DangerousRelease();
        }
    }

    /// <summary>
    /// Receives one message into <paramref name="buffer"/> and the fds that came with it, owned by
    /// <paramref name="backend"/> (the loopback recognises a dma-buf another loopback sent). Returns the byte count (0 at end
    /// of stream). A message whose fds did not fit (MSG_CTRUNC) is an error; the fds that did arrive are closed.
    /// </summary>
    public static int Receive(Socket socket, Span<byte> buffer, out UapiFd[] fds, Backend? backend = null, int maxFds = 16)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFds, MaxFds);
        backend ??= Backend.Default;
        int controlLen = (int)CMSG_SPACE(maxFds * sizeof(int));
        byte* control = stackalloc byte[controlLen];
        new Span<byte>(control, controlLen).Clear();
        var received = new List<int>();
        long r;
        msghdr msg;
        {
            using var socketLease = new HandleLease(socket.SafeHandle);
            fixed (byte* d = buffer)
            {
                var iov = new iovec { iov_base = d, iov_len = (size_t)(ulong)buffer.Length };
                msg = new msghdr { msg_iov = &iov, msg_iovlen = 1, msg_control = control, msg_controllen = (socklen_t)(uint)controlLen };
                int sock = socketLease.Fd;
                do r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
                while (r < 0 && Marshal.GetLastPInvokeError() == (int)Errno.EINTR);
                if (r < 0) throw new UapiException((Errno)Marshal.GetLastPInvokeError(), "recvmsg(SCM_RIGHTS)", null);
                for (var c = CMSG_FIRSTHDR(&msg); c != null; c = CMSG_NXTHDR(&msg, c))
                {
                    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
                    int n = (int)(((ulong)c->cmsg_len - (ulong)CMSG_LEN(0)) / sizeof(int));
                    int* slot = (int*)CMSG_DATA(c);
                    for (int i = 0; i < n; i++) received.Add(slot[i]);
                }
            }
        }

        // Own every number at once, before anything can throw, so none leaks.
        fds = new UapiFd[received.Count];
        for (int i = 0; i < received.Count; i++) fds[i] = backend.Adopt(received[i], "received fd");
        if ((msg.msg_flags & MSG_CTRUNC) != 0)
        {
            foreach (var f in fds) f.Dispose();
            fds = [];
            throw new IOException($"recvmsg: more fds arrived than the {maxFds} asked for (MSG_CTRUNC); the extra were closed by the kernel");
        }
        return (int)r;
    }
}
