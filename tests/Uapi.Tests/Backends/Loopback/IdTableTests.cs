using Uapi.Backends.Loopback;

namespace Uapi.Tests;

/// <summary>The loopback's per-file ids follow idr_alloc(…, 1, 0): lowest free id from 1, freed ids reused.</summary>
public class IdTableTests
{
    [Fact]
    public void Add_GivesLowestFreeIdFromOne_AndReusesFreedIds()
    {
        var t = new IdTable<string>();
        Assert.Equal(1u, t.Add("a"));
        Assert.Equal(2u, t.Add("b"));
        Assert.Equal(3u, t.Add("c"));
        Assert.True(t.Remove(2, out var b));
        Assert.Equal("b", b);
        Assert.True(t.Remove(1, out _));
        Assert.Equal(1u, t.Add("d"));
        Assert.Equal(2u, t.Add("e"));
        Assert.Equal(4u, t.Add("f"));
        Assert.True(t.Remove(4, out _));
        Assert.True(t.Remove(3, out _));
        Assert.Equal(3u, t.Add("g"));          // the top shrank back to 3 and below
        Assert.False(t.Remove(9, out _));
        Assert.Null(t.Get(9));
    }

    [Fact]
    public void FindOrAdd_ReturnsTheExistingIdOrAddsOnce()
    {
        var t = new IdTable<string>();
        uint a = t.Add("x");
        Assert.Equal(a, t.FindOrAdd(s => s == "x", () => "y"));
        uint b = t.FindOrAdd(s => s == "z", () => "z");
        Assert.NotEqual(a, b);
        Assert.Equal(b, t.FindOrAdd(s => s == "z", () => throw new InvalidOperationException("must not create twice")));
        Assert.Equal(2, t.TakeAll().Count);
        Assert.Equal(1u, t.Add("again"));
    }
}
