using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Uapi.Raw;

namespace Uapi.Tests;

/// <summary>Runs every comparison once and keeps the results for the individual tests.</summary>
internal sealed class LayoutComparison
{
    private static readonly Dictionary<string, Lazy<CLayout>> Layouts =
        CLayout.HeaderSets.ToDictionary(h => h, h => new Lazy<CLayout>(() => CLayout.Load(h), LazyThreadSafetyMode.ExecutionAndPublication));
    private static readonly Dictionary<string, Lazy<LayoutComparison>> Comparisons = CLayout.HeaderSets.ToDictionary(h => h, h =>
    {
        var i = Array.IndexOf(CLayout.HeaderSets, h);
        var newer = CLayout.HeaderSets.Skip(i + 1).Select(n => Layouts[n].Value).ToList();
        return new Lazy<LayoutComparison>(() => new LayoutComparison(Layouts[h].Value, newer), LazyThreadSafetyMode.ExecutionAndPublication);
    });

    /// <summary>The comparison against one header set; newer sets stand in for the fact sheet where they have the struct.</summary>
    public static LayoutComparison For(string headers) => Comparisons[headers].Value;

    public CLayout Layout { get; }

    /// <summary>No newer header set: only the fact sheet is newer than these headers.</summary>
    public bool IsNewest { get; }
    public List<string> StructFailures { get; } = [];
    public List<string> IoctlFailures { get; } = [];
    public List<string> ConstantFailures { get; } = [];
    public List<string> TableFailures { get; } = [];
    public List<string> Notes { get; } = [];
    public List<string> Unverified { get; } = [];
    public int CsStructCount { get; private set; }
    public int CsConstantCount { get; private set; }
    public int StructsVsHeaders { get; private set; }
    public int StructsVsTable { get; private set; }
    public int StructsGrown { get; private set; }
    public int FieldsCompared { get; private set; }
    public int IoctlsCompared { get; private set; }
    public int ConstantsCompared { get; private set; }

    // Matching is on names with underscores removed, case-insensitively: drm_syncobj_handle ~ DrmSyncobjHandle,
    // count_handles ~ CountHandles, __pad ~ Pad, vfio_iommu_type1_info ~ VfioIommuType1Info.
    private static string Key(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private readonly Dictionary<string, CStruct> _cByKey;
    private readonly Dictionary<string, NewerStruct> _newerByKey;
    private readonly Dictionary<string, NewerIoctl> _newerIoctls;
    private readonly Dictionary<string, NewerConstant> _newerConstants;
    private readonly Dictionary<string, CsStruct> _csByKey = [];

    private LayoutComparison(CLayout layout, IReadOnlyList<CLayout> newerHeaders)
    {
        Layout = layout;
        IsNewest = newerHeaders.Count == 0;
        _cByKey = layout.Structs.Values.ToDictionary(s => Key(s.Name));
        _newerByKey = [];
        foreach (var n in FactSheetOnly.Structs)
            if (!_newerByKey.TryAdd(Key(n.CName), n))
                TableFailures.Add($"{n.CName} is listed twice");
        _newerIoctls = [];
        foreach (var i in FactSheetOnly.Ioctls)
            if (!_newerIoctls.TryAdd(i.Name, i))
                TableFailures.Add($"{i.Name} is listed twice");
        _newerConstants = [];
        foreach (var c in FactSheetOnly.Constants)
            if (!_newerConstants.TryAdd(c.Name, c))
                TableFailures.Add($"{c.Name} is listed twice");
        // What a newer header set has that these headers lack, or have in an older form, is checked against that set
        // (the fact sheet's rows win: they are newer still).
        foreach (var newer in newerHeaders)
        {
            var tag = "the " + newer.HeaderInfo;
            foreach (var c in newer.Structs.Values)
                if (!layout.Structs.TryGetValue(c.Name, out var old) || old.Size != c.Size || !old.Fields.SequenceEqual(c.Fields))
                    _newerByKey.TryAdd(Key(c.Name), NewerStruct.From(c, tag));
            foreach (var (name, type) in newer.Ioctls)
                if (!layout.Constants.TryGetValue(name, out var old) || old != newer.Constants[name])
                    _newerIoctls.TryAdd(name, new NewerIoctl(name, (uint)newer.Constants[name], type));
            foreach (var (name, value) in newer.Constants)
                if (!newer.Ioctls.ContainsKey(name) && (!layout.Constants.TryGetValue(name, out var old) || old != value))
                    _newerConstants.TryAdd(name, new NewerConstant(name, value));
        }

        var (structs, constants) = Discover();
        CsStructCount = structs.Count;
        CsConstantCount = constants.Count;
        foreach (var s in structs)
            _csByKey.TryAdd(Key(s.Type.Name), s);

        foreach (var s in structs)
            CompareStruct(s);
        foreach (var c in constants)
            CompareConstant(c);
        CheckTable();
    }

    // ------------------------------------------------------------------ discovery

    private static (List<CsStruct>, List<CsConstant>) Discover()
    {
        var structs = new List<CsStruct>();
        var constants = new List<CsConstant>();
        var pending = new Stack<Type>();
        pending.Push(typeof(Interop));
        while (pending.Count > 0)
        {
            var owner = pending.Pop();
            foreach (var f in owner.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
                if (f.IsLiteral && IsInteger(f.FieldType))
                    constants.Add(new CsConstant(f.Name, OwnerName(owner), f.GetRawConstantValue()!));

            foreach (var t in owner.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (t.IsDefined(typeof(CompilerGeneratedAttribute), false) || t.Name.Contains('<', StringComparison.Ordinal))
                    continue;
                if (t.IsEnum)
                {
                    // Flag enums keep C spelling for their members (STYLE.md), so they are constants too.
                    foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Static))
                        constants.Add(new CsConstant(f.Name, OwnerName(t), f.GetRawConstantValue()!));
                }
                else if (t.IsValueType)
                    structs.Add(Measure(t));
                else if (!t.IsDefined(typeof(LoopbackAbiAttribute), false))
                    pending.Push(t); // a nested class: Interop.Drm, Interop.Vfio, ... (not a loopback-only driver's ABI: no header has it)
            }
        }
        return (structs, constants);
    }

    private static string OwnerName(Type t) => t.FullName!.Replace("Uapi.Raw.", "", StringComparison.Ordinal).Replace('+', '.');

    private static bool IsInteger(Type t) =>
        t == typeof(byte) || t == typeof(sbyte) || t == typeof(short) || t == typeof(ushort) ||
        t == typeof(int) || t == typeof(uint) || t == typeof(long) || t == typeof(ulong);

    private static readonly MethodInfo SizeOfMethod = typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!;
    private static readonly MethodInfo ContainsReferencesMethod = typeof(RuntimeHelpers).GetMethod(nameof(RuntimeHelpers.IsReferenceOrContainsReferences))!;

    private static int SizeOf(Type t) => t.IsPointer || t.IsFunctionPointer ? IntPtr.Size : (int)SizeOfMethod.MakeGenericMethod(t).Invoke(null, null)!;

    /// <summary>The field's offset in memory: ldflda on a local minus the local's address.</summary>
    private static int ManagedOffset(FieldInfo f)
    {
        var dm = new DynamicMethod("offsetof_" + f.Name, typeof(int), Type.EmptyTypes, typeof(LayoutComparison).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        var local = il.DeclareLocal(f.DeclaringType!);
        il.Emit(OpCodes.Ldloca, local);
        il.Emit(OpCodes.Ldflda, f);
        il.Emit(OpCodes.Ldloca, local);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Conv_I4);
        il.Emit(OpCodes.Ret);
        return (int)dm.Invoke(null, null)!;
    }

    private static CsStruct Measure(Type t)
    {
        var problems = new List<string>();
        if (t.IsAutoLayout)
            problems.Add("has LayoutKind.Auto; kernel structs need Sequential (or Explicit)");
        if (t.IsGenericTypeDefinition)
            return new CsStruct(t, 0, [], ["is generic"]);
        if ((bool)ContainsReferencesMethod.MakeGenericMethod(t).Invoke(null, null)!)
            problems.Add("contains object references; it cannot be handed to the kernel by pointer");

        var size = SizeOf(t);
        var fields = new List<CsField>();
        foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).OrderBy(ManagedOffset))
            fields.Add(new CsField(f.Name, ManagedOffset(f), SizeOf(f.FieldType)));

        // The raw layer passes pointers (no marshalling), so the in-memory layout above is what counts. The
        // marshalled layout (Marshal.SizeOf/OffsetOf) must agree too: a difference means a bool/char field or
        // similar, which reads differently depending on how the struct crosses to native code.
        try
        {
            var marshalSize = Marshal.SizeOf(t);
            if (marshalSize != size)
                problems.Add($"Marshal.SizeOf is {marshalSize} but the in-memory size is {size} (bool/char or another non-blittable field?)");
            foreach (var f in fields)
            {
                var mo = (int)Marshal.OffsetOf(t, f.Name);
                if (mo != f.Offset)
                    problems.Add($"field {f.Name}: Marshal.OffsetOf is {mo} but the in-memory offset is {f.Offset}");
            }
        }
        catch (ArgumentException)
        {
            // Not marshallable at all (e.g. contains a generic field): the in-memory layout is all there is.
        }
        return new CsStruct(t, size, fields, problems);
    }

    // ------------------------------------------------------------------ structs

    private void CompareStruct(CsStruct cs)
    {
        var key = Key(cs.Type.Name);
        _cByKey.TryGetValue(key, out var c);
        _newerByKey.TryGetValue(key, out var n);

        foreach (var p in cs.Problems)
            StructFailures.Add($"{cs.Label}: {p}");

        if (c is null && n is null)
        {
            StructFailures.Add($"{cs.Label} ({cs.Size} bytes): no C struct of that name in any header set and no row in FactSheetOnly; " +
                               "add STRUCT/FIELD lines to native/layout/layout.c, or a row with the FACTS.md layout to the table");
            return;
        }

        if (c is not null)
        {
            var vsHeader = Diff(cs, c.Size, c.Fields, c.Trailing);
            if (vsHeader.Count == 0)
            {
                StructsVsHeaders++;
                FieldsCompared += c.Fields.Count;
                if (n is not null)
                    Notes.Add($"{cs.Label} matches these headers' {c.Size}-byte struct {c.Name}; {n.Why} has a {n.Size}-byte form it does not use");
                return;
            }
            if (n is null)
            {
                var hint = cs.Size > c.Size
                    ? $" (C# is {cs.Size} bytes, the header {c.Size}: if the kernel grew it after the newest headers, add a row with the FACTS.md layout to FactSheetOnly)"
                    : "";
                StructFailures.Add($"{cs.Label} vs struct {c.Name}{hint}:\n    " + string.Join("\n    ", vsHeader));
                return;
            }
            // Newer than the header: the header's struct must be a prefix of the C# one (every header field at the same place).
            StructsVsHeaders++;
            StructsGrown++;
            foreach (var hf in c.Fields)
            {
                FieldsCompared++;
                var f = cs.Fields.FirstOrDefault(x => Key(x.Name) == Key(hf.Name));
                if (f is null && n!.Fields.FirstOrDefault(x => x.Offset == hf.Offset && x.Size == hf.Size) is { } renamed)
                    Notes.Add($"{cs.Label}: {c.Name}.{hf.Name} is {renamed.Name} in {n.Why}, at the same place");
                else if (f is null)
                    StructFailures.Add($"{cs.Label}: header field {c.Name}.{hf.Name} (@{hf.Offset}) has no C# field, so the header struct is not a prefix of it");
                else if (f.Offset != hf.Offset || f.Size != hf.Size)
                    StructFailures.Add($"{cs.Label}.{f.Name}: @{f.Offset}:{f.Size}, header {c.Name}.{hf.Name} @{hf.Offset}:{hf.Size}; the header struct must be a prefix");
            }
            if (cs.Size < c.Size)
                StructFailures.Add($"{cs.Label}: {cs.Size} bytes, smaller than the header's {c.Size}");
        }

        // Checked against the FACTS.md row.
        StructsVsTable++;
        FieldsCompared += n!.Fields.Count;
        var vsTable = Diff(cs, n.Size, n.Fields, n.Trailing);
        if (vsTable.Count > 0)
            StructFailures.Add($"{cs.Label} vs {n.CName} in {n.Why}:\n    " + string.Join("\n    ", vsTable));
    }

    private static List<string> Diff(CsStruct cs, int size, IReadOnlyList<LayoutField> fields, IReadOnlyList<LayoutField> trailing)
    {
        var d = new List<string>();
        if (cs.Size != size)
            d.Add($"size {cs.Size}, expected {size}");
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in fields)
        {
            var f = cs.Fields.FirstOrDefault(x => Key(x.Name) == Key(e.Name));
            if (f is null)
            {
                d.Add($"field {e.Name} (@{e.Offset}, {e.Size} bytes) has no C# field");
                continue;
            }
            matched.Add(f.Name);
            if (f.Offset != e.Offset)
                d.Add($"field {f.Name} at offset {f.Offset}, expected {e.Offset} ({e.Name})");
            if (f.Size != e.Size)
                d.Add($"field {f.Name} is {f.Size} bytes, expected {e.Size} ({e.Name})");
        }
        foreach (var t in trailing)
        {
            // A trailing flexible array needs no C# field; if the binding has one, it must start at the same place.
            var f = cs.Fields.FirstOrDefault(x => Key(x.Name) == Key(t.Name));
            if (f is null)
                continue;
            matched.Add(f.Name);
            if (f.Offset != t.Offset)
                d.Add($"field {f.Name} (trailing array {t.Name}) at offset {f.Offset}, expected {t.Offset}");
        }
        foreach (var f in cs.Fields)
            if (!matched.Contains(f.Name))
                d.Add($"C# field {f.Name} (@{f.Offset}, {f.Size} bytes) has no counterpart");
        return d;
    }

    // ------------------------------------------------------------------ ioctls and constants

    private static bool LooksLikeIoctl(string name) =>
        name.Contains("_IOCTL_", StringComparison.Ordinal) || name.StartsWith("SYNC_IOC_", StringComparison.Ordinal) ||
        name.StartsWith("SYNCOBJ_IOC_", StringComparison.Ordinal) || name.StartsWith("UDMABUF_CREATE", StringComparison.Ordinal) ||
        name.StartsWith("DMA_BUF_SET_NAME", StringComparison.Ordinal);

    private void CompareConstant(CsConstant k)
    {
        var isCIoctl = Layout.Ioctls.TryGetValue(k.Name, out var cStructName);
        _newerIoctls.TryGetValue(k.Name, out var newer);
        if (!isCIoctl && newer is null)
        {
            if (Layout.Constants.TryGetValue(k.Name, out var cv))
            {
                ConstantsCompared++;
                if (k.Number != cv)
                    ConstantFailures.Add($"{k.Owner}.{k.Name} = {k.Number}, header {cv}");
            }
            else if (_newerConstants.TryGetValue(k.Name, out var nc))
            {
                ConstantsCompared++;
                if (k.Number != nc.Value)
                    ConstantFailures.Add($"{k.Owner}.{k.Name} = {k.Number}, newer headers or the fact sheet say {nc.Value}");
            }
            else if (LooksLikeIoctl(k.Name))
                IoctlFailures.Add($"{k.Owner}.{k.Name}: an ioctl with no counterpart in any header set nor in FactSheetOnly.Ioctls");
            else
                Unverified.Add($"{k.Owner}.{k.Name}");
            return;
        }

        IoctlsCompared++;
        if (k.Value is not uint value)
        {
            IoctlFailures.Add($"{k.Owner}.{k.Name} is {k.Value.GetType().Name}; ioctl numbers are const uint");
            return;
        }

        if (isCIoctl)
        {
            var header = (uint)Layout.Constants[k.Name];
            var expected = header;
            string why = "";
            if (Ioc.Dir(header) != Ioc.None && cStructName is not null && _csByKey.TryGetValue(Key(cStructName), out var s) && s.Size != Ioc.Size(header))
            {
                expected = Ioc.Encode(Ioc.Dir(header), Ioc.Type(header), Ioc.Nr(header), (uint)s.Size);
                why = $" (header 0x{header:X8} with its size bits replaced by sizeof({s.Label}) = {s.Size})";
            }
            if (value != expected)
                IoctlFailures.Add($"{k.Owner}.{k.Name} = 0x{value:X8}, expected 0x{expected:X8}{why}");
            else if (expected != header && newer?.Value != value)
                IoctlFailures.Add($"{k.Owner}.{k.Name} = 0x{value:X8} differs from the header's 0x{header:X8}{why}; " +
                                  "a grown ioctl needs a newer header or a FactSheetOnly.Ioctls row with its FACTS.md value");
            return;
        }

        if (value != newer!.Value)
            IoctlFailures.Add($"{k.Owner}.{k.Name} = 0x{value:X8}, newer headers or the fact sheet say 0x{newer.Value:X8}");
        if (Ioc.Dir(value) != Ioc.None && newer.CStruct is not null && _csByKey.TryGetValue(Key(newer.CStruct), out var cs) && cs.Size != Ioc.Size(value))
            IoctlFailures.Add($"{k.Owner}.{k.Name} = 0x{value:X8} encodes {Ioc.Size(value)} bytes, but sizeof({cs.Label}) is {cs.Size}");
    }

    // ------------------------------------------------------------------ the table itself

    private void CheckTable()
    {
        foreach (var n in FactSheetOnly.Structs)
        {
            var end = 0;
            foreach (var f in n.Fields)
            {
                if (f.Offset < end)
                    TableFailures.Add($"{n.CName}.{f.Name} @{f.Offset} overlaps the previous field (ends at {end})");
                if (f.Offset % Math.Min(f.Size, 8) != 0 && f.Size is 2 or 4 or 8)
                    TableFailures.Add($"{n.CName}.{f.Name} @{f.Offset} is misaligned for {f.Size} bytes");
                end = f.Offset + f.Size;
            }
            if (end > n.Size)
                TableFailures.Add($"{n.CName}: fields end at {end}, past its size {n.Size}");
            foreach (var t in n.Trailing)
                if (t.Offset < end)
                    TableFailures.Add($"{n.CName}: trailing {t.Name} @{t.Offset} overlaps the fields");

            if (Layout.Structs.TryGetValue(n.CName, out var c))
            {
                if (c.Size > n.Size)
                    TableFailures.Add($"{n.CName}: the installed header's struct ({c.Size}) is larger than the table's ({n.Size})");
                foreach (var hf in c.Fields)
                {
                    var tf = n.Fields.FirstOrDefault(x => Key(x.Name) == Key(hf.Name));
                    if (tf is null || tf.Offset != hf.Offset || tf.Size != hf.Size)
                        TableFailures.Add($"{n.CName}.{hf.Name}: header @{hf.Offset}:{hf.Size}, table {(tf is null ? "has no such field" : $"@{tf.Offset}:{tf.Size}")}");
                }
                if (c.Size == n.Size && c.Fields.Count == n.Fields.Count)
                    TableFailures.Add($"FactSheetOnly row {n.CName} is identical to the {Layout.HeaderInfo} struct: drop the row, the header check covers it");
            }
        }

        foreach (var i in FactSheetOnly.Ioctls)
        {
            if (Layout.Ioctls.ContainsKey(i.Name))
            {
                var header = (uint)Layout.Constants[i.Name];
                if (header == i.Value)
                    TableFailures.Add($"FactSheetOnly ioctl {i.Name} = 0x{i.Value:X8} is what the {Layout.HeaderInfo} say: drop the row");
                if (Ioc.Dir(header) != Ioc.Dir(i.Value) || Ioc.Type(header) != Ioc.Type(i.Value) || Ioc.Nr(header) != Ioc.Nr(i.Value))
                    TableFailures.Add($"{i.Name}: table 0x{i.Value:X8} and header 0x{header:X8} differ in more than the size bits");
            }
            if (i.CStruct is not null && Ioc.Dir(i.Value) != Ioc.None && _newerByKey.TryGetValue(Key(i.CStruct), out var n) && n.Size != Ioc.Size(i.Value))
                TableFailures.Add($"{i.Name}: table 0x{i.Value:X8} encodes {Ioc.Size(i.Value)} bytes, the table's {n.CName} is {n.Size}");
        }

        foreach (var k in FactSheetOnly.Constants)
            if (Layout.Constants.TryGetValue(k.Name, out var cv))
                TableFailures.Add(cv != k.Value ? $"{k.Name}: table {k.Value}, header {cv}"
                    : $"FactSheetOnly constant {k.Name} = {k.Value} is what the {Layout.HeaderInfo} say: drop the row");
    }
}
