using Uapi.Raw;

namespace Uapi.Tests;

/// <summary>A struct nested in Interop.*, with its in-memory layout (what a pointer to it hands the kernel).</summary>
internal sealed record CsStruct(Type Type, int Size, IReadOnlyList<CsField> Fields, List<string> Problems)
{
    public string Label => Type.FullName!.Replace("Uapi.Raw.", "", StringComparison.Ordinal).Replace('+', '.');
}
