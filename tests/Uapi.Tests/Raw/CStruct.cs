namespace Uapi.Tests;

/// <summary>What layout.c printed for one struct.</summary>
internal sealed record CStruct(string Name, int Size, int Align, IReadOnlyList<LayoutField> Fields, IReadOnlyList<LayoutField> Trailing);
