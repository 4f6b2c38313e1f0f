using System.Globalization;

namespace Uapi.Tests;

internal sealed record NewerStruct(string CName, int Size, string Layout, string Why)
{
    /// <summary>A newer header set's struct, standing in for a fact-sheet row when an older set is checked.</summary>
    public static NewerStruct From(CStruct c, string why) => new(c.Name, c.Size,
        string.Join(' ', c.Fields.Select(f => FormattableString.Invariant($"{f.Name}@{f.Offset}:{f.Size}"))
            .Concat(c.Trailing.Select(t => FormattableString.Invariant($"+{t.Name}@{t.Offset}")))), why);

    public IReadOnlyList<LayoutField> Fields { get; } = Parse(Layout, trailing: false);
    public IReadOnlyList<LayoutField> Trailing { get; } = Parse(Layout, trailing: true);

    private static List<LayoutField> Parse(string layout, bool trailing)
    {
        var list = new List<LayoutField>();
        foreach (var token in layout.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.StartsWith('+') != trailing)
                continue;
            var t = trailing ? token[1..] : token;
            var at = t.IndexOf('@');
            var colon = t.IndexOf(':');
            list.Add(trailing
                ? new LayoutField(t[..at], int.Parse(t[(at + 1)..], CultureInfo.InvariantCulture), 0)
                : new LayoutField(t[..at], int.Parse(t[(at + 1)..colon], CultureInfo.InvariantCulture), int.Parse(t[(colon + 1)..], CultureInfo.InvariantCulture)));
        }
        return list;
    }
}
