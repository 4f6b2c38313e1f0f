namespace Uapi.Tests;

[CollectionDefinition(nameof(FdTable), DisableParallelization = true)]
public sealed class FdTable;
