using System.Globalization;

namespace Uapi.Tests;

internal sealed record CsConstant(string Name, string Owner, object Value)
{
    public decimal Number => Value switch
    {
        ulong u => u,
        _ => Convert.ToDecimal(Value, CultureInfo.InvariantCulture),
    };
}
