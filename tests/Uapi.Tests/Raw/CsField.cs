namespace Uapi.Tests;

internal sealed record CsField(string Name, int Offset, int Size);
