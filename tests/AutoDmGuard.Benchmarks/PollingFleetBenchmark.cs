using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using AutoDmGuard.Testing.Sandbox;
using AutoDmGuard.Web.Hosting;
using AutoDmGuard.Web.Polling;
using AutoDmGuard.XApiSandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static AutoDmGuard.Benchmarks.PollingBenchmarks;

namespace AutoDmGuard.Benchmarks;

/// <summary>
/// <c>polling fleet [--accounts 1000] [--minutes 5] [--dms-per-account 2] [--parallel N] [--tick-seconds 15] [--postgres "Host=…"]</c>
/// (docs/worker.md; --parallel sets Polling:MaxParallelAccounts, default the app's; --tick-seconds sets Polling:TickInterval;
/// --postgres puts the instances' database on that PostgreSQL server, in a database of its own dropped after the run): that
/// many accounts signed in on one database (a SQLite file by default), polled for that many minutes of real time by two app instances (two hosts, each with
/// its own polling worker, on one database) against one sandbox with its rate limits on. Judged from the sandbox's
/// request log and billing meter: whether every account was polled within its interval (largest gap between two DM
/// reads of one account, and from the last read to the end), whether two reads of one account ever overlapped (polled
/// by both instances at once), and billable DM reads per account against the DMs it has (each billed once a day).
/// </summary>
internal static class PollingFleetBenchmark
{
    private const string DmRoute = "GET /2/dm_events";

    public static async Task<int> RunAsync(string[] args)
    {
        var accounts = IntArg(args, "--accounts", 1000);
        var minutes = IntArg(args, "--minutes", 5);
        var dmsPerAccount = IntArg(args, "--dms-per-account", 2);
        var parallel = IntArg(args, "--parallel", 0);
        var interval = TimeSpan.FromMinutes(1);
        var tick = TimeSpan.FromSeconds(IntArg(args, "--tick-seconds", 15));
        var postgres = StringArg(args, "--postgres");
        await using var database = postgres is null ? null : await BenchPostgresDatabase.CreateAsync(postgres);
        var settings = new Dictionary<string, string?>
        {
            ["Polling:DmInterval"] = interval.ToString("c", CultureInfo.InvariantCulture),
            ["Polling:TickInterval"] = tick.ToString("c", CultureInfo.InvariantCulture),
            ["Polling:Enabled"] = "true",
        };
        if (parallel > 0)
        {
            settings["Polling:MaxParallelAccounts"] = parallel.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in database?.AppSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var slots = parallel > 0 ? parallel : new PollingOptions().MaxParallelAccounts;
        Console.WriteLine(Invariant($"load average before: {LoadAverage()}"));
        Console.WriteLine($"Database: {(database is null ? "SQLite (one file for both instances)" : "PostgreSQL " + database.ServerVersion)}");
        var setup = Stopwatch.StartNew();
        // Declared after the database, so disposed before it: the hosts' connections are closed when the database is dropped.
        await using var a = await PollingBenchHost.StartAsync(new SandboxOptions { ExtraAccounts = accounts }, TimeProvider.System, settings);
        await using var b = await PollingBenchHost.StartBesideAsync(a, TimeProvider.System, settings);
        var fleet = (await a.SandboxAdmin.UsersAsync()).Where(u => u.Signable && u.Username.StartsWith("fleet", StringComparison.Ordinal)).ToList();
        foreach (var user in fleet)
        {
            for (var i = 0; i < dmsPerAccount; i++)
            {
                await a.SandboxAdmin.SimulateAsync("friend-dm", user.Id);
            }

            await a.SignInAsync(user.Username);
        }

        Console.WriteLine(Invariant($"setup: {fleet.Count} accounts with {dmsPerAccount} DMs each signed in on one database, {setup.Elapsed.TotalSeconds:F0} s"));

        var polls = new ConcurrentDictionary<(object Host, string Outcome), long>();
        var durations = new ConcurrentDictionary<string, ConcurrentQueue<double>>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        var factories = new Dictionary<object, string>
        {
            [a.App.Services.GetRequiredService<IMeterFactory>()] = "A",
            [b.App.Services.GetRequiredService<IMeterFactory>()] = "B",
        };
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name is "autodmguard.polls" or "autodmguard.poll.duration" && instrument.Meter.Scope is { } scope && factories.ContainsKey(scope))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var outcome = "";
            foreach (var tag in tags)
            {
                outcome = tag.Key == "outcome" ? tag.Value?.ToString() ?? "" : outcome;
            }

            polls.AddOrUpdate((factories[instrument.Meter.Scope!], outcome), value, (_, n) => n + value);
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            durations.GetOrAdd(factories[instrument.Meter.Scope!], _ => new()).Enqueue(value));
        listener.Start();

        var since = (await a.SandboxAdmin.RequestsAsync(route: "GET /2/users/me")).Last;
        var cpuBefore = CpuTime();
        var started = DateTime.UtcNow;
        var workers = new[] { a, b }.Select(h => h.App.Services.GetServices<IHostedService>().OfType<DmPollingWorker>().Single()).ToList();
        foreach (var worker in workers)
        {
            await worker.StartAsync(CancellationToken.None);
        }

        await Task.Delay(TimeSpan.FromMinutes(minutes));
        var ended = DateTime.UtcNow;
        foreach (var worker in workers)
        {
            await worker.StopAsync(CancellationToken.None);
        }

        var cpu = CpuTime() - cpuBefore;
        var load = LoadAverage();
        var log = await a.SandboxAdmin.RequestsAsync(since);
        Report(fleet.Select(u => u.Id).ToList(), log, started, ended, interval, tick);
        var billing = (await a.SandboxAdmin.BillingAsync()).GetProperty("users");
        var billed = fleet.Select(u => billing.TryGetProperty(u.Id, out var n) ? n.GetInt64() : 0).ToList();
        Console.WriteLine(Invariant($"billable DM reads: {billed.Sum():N0} for {fleet.Count * dmsPerAccount:N0} DMs; accounts billed more than their {dmsPerAccount} DMs: {billed.Count(n => n > dmsPerAccount)}, fewer: {billed.Count(n => n < dmsPerAccount)}"));
        foreach (var host in new[] { "A", "B" })
        {
            var counts = polls.Where(p => (string)p.Key.Host == host).OrderBy(p => p.Key.Outcome, StringComparer.Ordinal).Select(p => $"{p.Key.Outcome} {p.Value:N0}");
            Console.WriteLine($"instance {host} polls: {string.Join(", ", counts)}");
        }

        // Little's law: an instance keeps up while the polls it owes per second times a poll's wall time stay below its slots.
        var needed = fleet.Count / 2.0 / interval.TotalSeconds;
        Console.WriteLine(Invariant($"needed per instance: {fleet.Count} accounts / 2 instances / {interval.TotalSeconds:F0} s = {needed:F2} polls/s; slots per instance: {slots}, so a poll may take at most {slots / needed * 1000:F0} ms of wall time"));
        foreach (var host in new[] { "A", "B" })
        {
            var walls = durations.TryGetValue(host, out var q) ? q.Order().ToList() : [];
            var mean = walls.DefaultIfEmpty().Average();
            Console.WriteLine(Invariant($"instance {host} poll wall time (claim to release, {walls.Count:N0} polls): mean {mean * 1000:F0} ms, p50 {Percentile(walls, 0.5) * 1000:F0} ms, p95 {Percentile(walls, 0.95) * 1000:F0} ms, max {walls.DefaultIfEmpty().Max() * 1000:F0} ms; capacity {slots} slots / mean = {(mean > 0 ? slots / mean : 0):F1} polls/s ({(mean > 0 ? slots / mean / needed : 0):F2}x the need); achieved {walls.Count / (ended - started).TotalSeconds:F2} polls/s"));
        }

        Console.WriteLine(Invariant($"process CPU (both app instances and the sandbox, one process) over {(ended - started).TotalMinutes:F1} min: {cpu.TotalSeconds:F1} s ({cpu.TotalSeconds / (ended - started).TotalSeconds * 100:F0}% of one core); load average {load}"));
        return 0;
    }

    private static void Report(IReadOnlyList<string> accounts, SandboxRequestLog log, DateTime started, DateTime ended, TimeSpan interval, TimeSpan tick)
    {
        var reads = log.Requests.Where(r => r.Route == DmRoute && r.UserId is not null).ToLookup(r => r.UserId!, StringComparer.Ordinal);
        var firstDelays = new List<double>();
        var gaps = new List<double>();
        var tailGaps = new List<double>();
        var overlapping = 0;
        var neverPolled = 0;
        foreach (var account in accounts)
        {
            var mine = reads[account].OrderBy(r => r.StartedAt).ToList();
            if (mine.Count == 0)
            {
                neverPolled++;
                continue;
            }

            firstDelays.Add((mine[0].StartedAt - started).TotalSeconds);
            // Reads of one poll (several pages) follow each other within seconds; a gap is from one poll to the next.
            for (var i = 1; i < mine.Count; i++)
            {
                var gap = (mine[i].StartedAt - mine[i - 1].StartedAt).TotalSeconds;
                if (gap > 5)
                {
                    gaps.Add(gap);
                }

                if (mine[i].StartedAt < (mine[i - 1].EndedAt ?? DateTime.MaxValue))
                {
                    overlapping++;
                }
            }

            tailGaps.Add((ended - mine[^1].StartedAt).TotalSeconds);
        }

        gaps.Sort();
        var dmReads = log.Requests.Count(r => r.Route == DmRoute);
        var limited = log.Requests.Count(r => r.Status == 429);
        Console.WriteLine(Invariant($"X requests: {log.Requests.Count:N0} ({dmReads:N0} DM reads), 429 answers: {limited}, log entries dropped: {log.Dropped}"));
        Console.WriteLine(Invariant($"accounts never polled: {neverPolled}; first poll after start: max {firstDelays.DefaultIfEmpty().Max():F1} s"));
        Console.WriteLine(Invariant($"gap between polls of one account (interval {interval.TotalSeconds:F0} s, tick {tick.TotalSeconds:F0} s): p50 {Percentile(gaps, 0.5):F1} s, p95 {Percentile(gaps, 0.95):F1} s, p99 {Percentile(gaps, 0.99):F1} s, max {gaps.DefaultIfEmpty().Max():F1} s (max lag {Math.Max(0, gaps.DefaultIfEmpty().Max() - interval.TotalSeconds):F1} s); last poll to end: max {tailGaps.DefaultIfEmpty().Max():F1} s"));
        Console.WriteLine(Invariant($"accounts with a gap over interval + tick: {accounts.Count(acc => Gaps(reads[acc]).Any(g => g > (interval + tick).TotalSeconds))}; overlapping DM reads of one account (two pollers at once): {overlapping}"));
    }

    private static IEnumerable<double> Gaps(IEnumerable<SandboxRequest> reads)
    {
        var ordered = reads.OrderBy(r => r.StartedAt).ToList();
        return ordered.Skip(1).Select((r, i) => (r.StartedAt - ordered[i].StartedAt).TotalSeconds);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
