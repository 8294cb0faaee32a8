using System.Diagnostics;
using System.Globalization;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Polling;
using AutoDmGuard.Web.Scoring;
using AutoDmGuard.XApiSandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AutoDmGuard.Benchmarks;

/// <summary>
/// The worker's bench command (docs/worker.md):
/// <c>polling backfill [--dms 100000] [--senders 10000] [--max-rescored 5000] [--sandbox-in-process] [--index-memory] [--restart]</c>: one pass over a fresh synthetic inbox
/// (sandbox rate limits off, by default in a child process so the peak working set is the app's alone), prints elapsed
/// (backfill, scoring, total), CPU time and peak working set; with --restart, what a restarted instance spends to have
/// its template index back (reading the stored signatures, and, as before they were stored, classifying every stored DM);
/// <c>polling steady [--new-dms 1000]</c>: a fake UTC day of one pass per minute on an idle inbox, then a day in which
/// that many DMs arrive, with the sandbox's billing meter read before and after (rate limits on);
/// <c>polling fleet [--accounts 1000] [--minutes 5] [--postgres CONN]</c>: two app instances on one database (<see cref="PollingFleetBenchmark"/>).
/// </summary>
internal static class PollingBenchmarks
{
    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.FirstOrDefault();
        switch (mode)
        {
            case "backfill":
                await BackfillAsync(args, IntArg(args, "--dms", 100_000), IntArg(args, "--senders", 10_000), !args.Contains("--sandbox-in-process"));
                return 0;
            case "steady":
                await SteadyAsync(IntArg(args, "--new-dms", 1000));
                return 0;
            case "fleet":
                return await PollingFleetBenchmark.RunAsync(args[1..]);
            case "inbox":
                return await PollingInboxEvaluation.RunAsync(args[1..]);
            default:
                await Console.Error.WriteLineAsync("usage: polling backfill [--dms N] [--senders N] | polling steady [--new-dms N] | polling fleet [--accounts N] [--minutes N] [--dms-per-account N] [--postgres CONN] | polling inbox --dump D --labels L [--step-minutes N]");
                return 2;
        }
    }

    private static async Task BackfillAsync(string[] args, int dms, int senders, bool sandboxInChildProcess)
    {
        var setup = Stopwatch.StartNew();
        var options = new SandboxOptions { RateLimitsEnabled = false, DemoDmCount = dms, DemoSenderCount = senders };
        await using var host = await PollingBenchHost.StartAsync(options, TimeProvider.System, new Dictionary<string, string?>
        {
            ["Polling:AccountTimeout"] = "00:30:00",
            ["Polling:LeaseDuration"] = "01:00:00",
            ["Polling:ScoreBatchSize"] = IntArg(args, "--score-batch", 2000).ToString(CultureInfo.InvariantCulture),
            ["Polling:MaxRescoredPerPass"] = IntArg(args, "--max-rescored", new ScoringOptions().MaxRescoredPerPass).ToString(CultureInfo.InvariantCulture),
        }, sandboxInChildProcess);
        var accountId = await host.SignInFirstAccountAsync();
        Console.WriteLine(Invariant($"setup (sandbox world of {dms:N0} DMs / {senders:N0} senders {(sandboxInChildProcess ? "in a child process" : "in this process")}, app, sign-in): {setup.Elapsed.TotalSeconds:F1} s, peak working set so far {PeakMb():F0} MB"));

        var cpuBefore = CpuTime();
        var (jitMethodsBefore, jitTimeBefore) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        var pass = Stopwatch.StartNew();
        TimeSpan? backfillDone = null;
        var backfillCpu = TimeSpan.Zero;
        var backfillPeak = 0.0;
        var pages = 0;
        host.App.Services.GetRequiredService<PollingHooks>().OnCheckpoint = (_, checkpoint, _) =>
        {
            if (checkpoint == PollingCheckpoint.BackfillPageStored)
            {
                pages++;
                backfillDone = pass.Elapsed;
                backfillCpu = CpuTime() - cpuBefore;
                backfillPeak = PeakMb();
            }

            return Task.CompletedTask;
        };
        var result = await host.RunPassAsync();
        pass.Stop();
        var passCpu = CpuTime() - cpuBefore;

        var outcome = result.For(accountId)!;
        var (events, scores, verdicts, flagged, rescorePending) = await host.WithDbAsync(async db => (
            await db.DmEvents.CountAsync(e => e.AccountId == accountId),
            await db.DmScores.CountAsync(s => s.AccountId == accountId),
            await db.SenderVerdicts.CountAsync(v => v.AccountId == accountId),
            await db.SenderVerdicts.CountAsync(v => v.AccountId == accountId && v.Flagged),
            await ScoreQueue.CountRescorePendingAsync(db, accountId, CancellationToken.None)));
        Console.WriteLine(Invariant($"status {outcome.Status}, {pages} pages, {events:N0} events stored, {scores:N0} DMs scored, {verdicts:N0} senders ({flagged:N0} flagged), {rescorePending:N0} DMs left in the re-score queue"));
        Console.WriteLine(Invariant($"backfill (read + store): {backfillDone?.TotalSeconds:F1} s; scoring: {(pass.Elapsed - (backfillDone ?? TimeSpan.Zero)).TotalSeconds:F1} s; whole pass: {pass.Elapsed.TotalSeconds:F1} s"));
        // CPU time of the whole process (app and in-process sandbox): a fairer figure on a shared, loaded machine.
        Console.WriteLine(Invariant($"process CPU: backfill {backfillCpu.TotalSeconds:F1} s, scoring {(passCpu - backfillCpu).TotalSeconds:F1} s, pass {passCpu.TotalSeconds:F1} s; machine load average {LoadAverage()}"));
        // The JIT's share: a pass that keeps compiling new methods (a query shape per call, say) shows it here.
        Console.WriteLine(Invariant($"JIT during the pass: {System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethodsBefore:N0} methods compiled, {(System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore).TotalSeconds:F1} s compiling"));
        Console.WriteLine(Invariant($"peak working set: {PeakMb():F0} MB ({(sandboxInChildProcess ? "app only" : "app + in-process sandbox")}; {backfillPeak:F0} MB when the last page was stored); GC heap now {GC.GetTotalMemory(false) / 1048576.0:F0} MB, live after a full collection {GC.GetTotalMemory(true) / 1048576.0:F0} MB"));
        if (args.Contains("--restart"))
        {
            await RestartAsync(host, accountId);
        }

        if (args.Contains("--index-memory"))
        {
            // Measured after the peak figures above, so the probe's own index does not count in them.
            var received = await host.WithDbAsync(db => db.DmEvents.AsNoTracking()
                .Where(e => e.AccountId == accountId && e.EventType == DmEventTypes.MessageCreate && !e.FromMe && e.SenderId != null)
                .OrderBy(e => e.Sequence)
                .Select(e => new ValueTuple<string, string, string>(e.EventId, e.SenderId!, e.Text ?? ""))
                .ToListAsync());
            Console.WriteLine(IndexMemoryProbe.Measure(accountId, received));
        }
    }

    // A restarted instance's warm-up, both ways, each into a fresh process-wide classifier: the stored signatures read
    // back (what TemplateIndexSync does), and every stored scored DM classified again (what the warm-up did before
    // signatures were stored). Memory: live managed bytes the new index holds after a full collection, plus the native
    // memory of its entries' data.
    private static async Task RestartAsync(PollingBenchHost host, string accountId)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var contexts = new InboxContextLoader(db);
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == accountId);
        var context = await contexts.LoadContextAsync(account, CancellationToken.None);

        var (read, readLive) = await MeasureAsync(async () =>
        {
            var state = new ClassifierState(Microsoft.Extensions.Options.Options.Create(new ScoringOptions()));
            var sync = new TemplateIndexSync(db, state, new ClassifierWarmup(db, state, contexts, new ScoreAggregates(db), TimeProvider.System),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<TemplateIndexSync>.Instance);
            await sync.PrepareAsync(account, context, CancellationToken.None);
            return (state, state.Classifier.Index, $"{state.SignaturesRead:N0} signatures read, {state.DmsReclassified:N0} DMs classified, {state.Classifier.Index.Count:N0} entries");
        });
        Console.WriteLine(Invariant($"restart, index read from the database: {read}; index holds {readLive:F0} MB live; machine load average {LoadAverage()}"));

        var (classified, classifiedLive) = await MeasureAsync(async () =>
        {
            var scored = await db.DmEvents.AsNoTracking()
                .Where(e => e.AccountId == account.Id && e.EventType == DmEventTypes.MessageCreate && !e.FromMe && e.SenderId != null && e.Score != null)
                .OrderBy(e => e.Sequence)
                .Select(e => new Core.DmMessage(e.EventId, e.ConversationId, e.SenderId!, e.Text ?? "", e.CreatedAt))
                .ToListAsync();
            var profiles = await contexts.LoadProfilesAsync(account.Id, [.. scored.Select(m => m.SenderId).Distinct(StringComparer.Ordinal)], CancellationToken.None);
            var classifier = new Core.InboxClassifier();
            classifier.Classify(scored, profiles, context);
            return (classifier, classifier.Index, $"{scored.Count:N0} stored DMs classified, {classifier.Index.Count:N0} entries");
        });
        Console.WriteLine(Invariant($"restart, every stored DM classified again (before signatures): {classified}; index holds {classifiedLive:F0} MB live; machine load average {LoadAverage()}"));
    }

    private static async Task<(string Report, double LiveMb)> MeasureAsync<T>(Func<Task<(T Keep, Core.TemplateIndex Index, string What)>> warm)
    {
        var live = GC.GetTotalMemory(true);
        var cpu = CpuTime();
        var clock = Stopwatch.StartNew();
        var (keep, index, what) = await warm();
        clock.Stop();
        var used = CpuTime() - cpu;
        var liveAfter = GC.GetTotalMemory(true) + index.NativeBytes;
        GC.KeepAlive(keep);
        return (Invariant($"{clock.Elapsed.TotalSeconds:F1} s elapsed, {used.TotalSeconds:F1} s CPU, {what}"), (liveAfter - live) / 1048576.0);
    }

    private static async Task SteadyAsync(int newDms)
    {
        var start = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(new DateTimeOffset(start.Year, start.Month, start.Day, 12, 0, 0, TimeSpan.Zero));
        await using var host = await PollingBenchHost.StartAsync(new SandboxOptions(), clock);
        var accountId = await host.SignInFirstAccountAsync();
        await host.RunPassAsync();

        // Day 1: nothing arrives. One pass a minute, from midnight to midnight.
        clock.SetUtcNow(clock.GetUtcNow().Date.AddDays(1));
        var before = await host.SandboxAdmin.BillableDmReadsAsync(accountId);
        var dmPolls = 0;
        for (var minute = 0; minute < 1440; minute++)
        {
            dmPolls += (await host.RunPassAsync()).For(accountId) is null ? 0 : 1;
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        var idle = await host.SandboxAdmin.BillableDmReadsAsync(accountId) - before;
        Console.WriteLine(Invariant($"idle day: 1440 passes, account polled in {dmPolls}, billable DM reads {idle}"));

        // Day 2: newDms friend DMs spread evenly over the day, one pass a minute.
        before = await host.SandboxAdmin.BillableDmReadsAsync(accountId);
        var stored = await host.WithDbAsync(db => db.DmEvents.CountAsync(e => e.AccountId == accountId));
        var sent = 0;
        for (var minute = 0; minute < 1440; minute++)
        {
            var due = (int)((long)(minute + 1) * newDms / 1440);
            for (; sent < due; sent++)
            {
                await host.SandboxAdmin.SimulateAsync("friend-dm", accountId);
            }

            clock.Advance(TimeSpan.FromSeconds(30));
            await host.RunPassAsync();
            clock.Advance(TimeSpan.FromSeconds(30));
        }

        // The last minute's DMs are read by the first pass of the next day; count them too.
        clock.Advance(TimeSpan.FromMinutes(1));
        await host.RunPassAsync();
        var busy = await host.SandboxAdmin.BillableDmReadsAsync(accountId) - before;
        var arrived = await host.WithDbAsync(db => db.DmEvents.CountAsync(e => e.AccountId == accountId)) - stored;
        Console.WriteLine(Invariant($"busy day: {sent} DMs sent, {arrived} stored, billable DM reads {busy}"));
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static double PeakMb()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64 / 1048576.0;
    }

    internal static int IntArg(string[] args, string name, int fallback) =>
        StringArg(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    internal static string? StringArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
