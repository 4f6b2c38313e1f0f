using System.Diagnostics;
using System.Reflection;
using Uapi.Drm;
using Uapi.Sync;
using static Uapi.Raw.Interop.Drm;

namespace Uapi.Tests;

/// <summary>The shape issue 10 asked for, checked: short walks to the seam, and Drm knowing nothing of Sync.</summary>
public sealed unsafe class ArchitectureTests
{
    /// <summary>Methods on the stack from the seam's IoctlCore up to <paramref name="type"/>.<paramref name="method"/>, both counted.</summary>
    private static int DepthTo(StackTrace trace, string type, string method)
    {
        int core = -1;
        for (int i = 0; i < trace.FrameCount; i++)
        {
            var m = trace.GetFrame(i)!.GetMethod();
            if (core < 0 && m?.Name == "IoctlCore") core = i;
            if (core >= 0 && m?.DeclaringType?.Name == type && m.Name == method) return i - core + 1;
        }
        throw new InvalidOperationException($"IoctlCore or {type}.{method} is not on the stack:\n{trace}");
    }

    [Fact]
    public void TimelineSignal_OnADrmFile_ReachesIoctlCore_InAtMostSixCalls()
    {
        var rec = new RawCallTests.Recorder { Answer = p => ((DrmSyncobjCreate*)p)->Handle = 1 };
        using var dev = DrmDevice.Own(rec.NewFd());
        using var t = Timeline.Create(dev);
        StackTrace? trace = null;
        rec.Seen = () => trace = new StackTrace();
        t.Signal(5);
        Assert.Equal(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, rec.Request);
        Assert.InRange(DepthTo(trace!, nameof(Timeline), nameof(Timeline.Signal)), 1, 6);
    }

    [Fact]
    public void TimelineSignal_OnDevSyncobj_ReachesIoctlCore_InAtMostSixCalls()
    {
        var rec = new RawCallTests.Recorder { Answer = p => ((Raw.Interop.Syncobj.SyncobjCreateArgs*)p)->Fd = 1001 };
        using var provider = new DevSyncobjProvider(rec.NewFd());
        using var t = provider.CreateTimeline();
        StackTrace? trace = null;
        rec.Seen = () => trace = new StackTrace();
        t.Signal(5);
        Assert.Equal(Raw.Interop.Syncobj.SYNCOBJ_IOC_SIGNAL, rec.Request);
        Assert.InRange(DepthTo(trace!, nameof(Timeline), nameof(Timeline.Signal)), 1, 6);
    }

    [Fact]
    public void DrmTypes_MentionNoSyncTypes_InTheirMembers()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var sync = typeof(Timeline).Namespace!;
        var offenders = new List<string>();
        foreach (var type in typeof(DrmDevice).Assembly.GetTypes())
        {
            if (type.Namespace is null || !type.Namespace.StartsWith(typeof(DrmDevice).Namespace!, StringComparison.Ordinal)) continue;
            foreach (var f in type.GetFields(all)) Check(type, f.Name, f.FieldType);
            foreach (var p in type.GetProperties(all)) Check(type, p.Name, p.PropertyType);
            foreach (var m in type.GetMethods(all))
            {
                Check(type, m.Name, m.ReturnType);
                foreach (var a in m.GetParameters()) Check(type, m.Name, a.ParameterType);
            }
        }
        Assert.Empty(offenders);

        void Check(Type owner, string member, Type t)
        {
            while (t.HasElementType) t = t.GetElementType()!;
            if (t.Namespace == sync) offenders.Add($"{owner.FullName}.{member}: {t.FullName}");
            if (t.IsGenericType) foreach (var g in t.GetGenericArguments()) Check(owner, member, g);
        }
    }
}
