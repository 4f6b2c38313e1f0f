namespace Uapi.Tests;

internal sealed record NewerConstant(string Name, decimal Value);
