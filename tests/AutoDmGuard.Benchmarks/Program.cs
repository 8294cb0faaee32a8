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

// Pick benchmarks with --filter, e.g. `dotnet run -c Release --project tests/AutoDmGuard.Benchmarks -- --filter '*Classifier*'`.
BenchmarkSwitcher.FromAssembly(typeof(PollingBenchmarks).Assembly).Run(args);
return 0;
