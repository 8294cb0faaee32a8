using AutoDmGuard.Benchmarks;
using BenchmarkDotNet.Running;

// `polling ...` runs the worker's bench command (docs/worker.md); anything else goes to BenchmarkDotNet.
if (args is ["polling", ..])
{
    return await PollingBenchmarks.RunAsync(args[1..]);
}

// `dashboard ...` times the dashboard's pages on a large seeded inbox (docs/dashboard.md).
if (args is ["dashboard", ..])
{
    return await DashboardBenchmarks.RunAsync(args[1..]);
}

// `search-sql ...` times the list's search against an existing SQLite database (docs/dashboard.md#search-index).
if (args is ["search-sql", ..])
{
    return await SearchQueryBench.RunAsync(args[1..]);
}

// `shapes ...` runs `classify` end to end on every `synth --shape` inbox (docs/classifier.md); `shapes-child` is one run.
if (args is ["shapes", ..])
{
    return ShapeBenchmarks.Run(args[1..]);
}

if (args is ["shapes-child", var dump])
{
    return ShapeBenchmarks.ChildMain([dump]);
}

// Pick benchmarks with --filter, e.g. `dotnet run -c Release --project tests/AutoDmGuard.Benchmarks -- --filter '*Classifier*'`.
BenchmarkSwitcher.FromAssembly(typeof(PollingBenchmarks).Assembly).Run(args);
return 0;
