namespace Uapi.Tests;

internal sealed record LayoutField(string Name, int Offset, int Size);
