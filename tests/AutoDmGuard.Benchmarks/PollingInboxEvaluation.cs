using System.Globalization;
using System.Text.Json;
using AutoDmGuard.Web.Polling;
using AutoDmGuard.Web.Scoring;
using AutoDmGuard.XApiSandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace AutoDmGuard.Benchmarks;

/// <summary>
/// <c>polling inbox --dump D --labels L [--step-minutes 60]</c>: precision and recall of what the running worker flags on a
/// labeled mailbox dump served by the sandbox and read through OAuth, in two ways:
/// <list type="bullet">
/// <item>backfill: the dump rebased to the clock, one pass (everything arrives at once);</item>
/// <item>live: the clock starts at the dump's first DM and moves in steps with one pass per step, so DMs arrive as they
/// were sent; run with re-scoring off (<c>Polling:MaxRescoredPerPass=0</c>, before) and on (after).</item>
/// </list>
/// The texts are read from the dump at run time; nothing of them is printed (<c>--missed</c> prints the event ids, scores
/// and signal names of the missed auto-DMs and of the personal DMs flagged).
/// </summary>
internal static class PollingInboxEvaluation
{
    private static bool _printMissed;

    public static async Task<int> RunAsync(string[] args)
    {
        var dump = PollingBenchmarks.StringArg(args, "--dump");
        var labels = PollingBenchmarks.StringArg(args, "--labels");
        if (dump is null || labels is null || !File.Exists(dump) || !File.Exists(labels))
        {
            await Console.Error.WriteLineAsync("usage: polling inbox --dump <mailbox.json> --labels <labels.jsonl> [--step-minutes 60]");
            return 2;
        }

        var step = TimeSpan.FromMinutes(PollingBenchmarks.IntArg(args, "--step-minutes", 60));
        _printMissed = args.Contains("--missed");
        var truth = ReadLabels(labels);
        var (first, last) = EventSpan(dump);
        Console.WriteLine(PollingBenchmarks.Invariant($"{Path.GetFileName(dump)}: {truth.Count} labeled DMs ({truth.Values.Count(a => a)} auto), {first:yyyy-MM-dd HH:mm} .. {last:yyyy-MM-dd HH:mm} UTC; machine load average {PollingBenchmarks.LoadAverage()}"));

        Print("backfill (rebased, one pass)", await BackfillAsync(dump, truth));
        if (args.Contains("--backfill-only"))
        {
            return 0;
        }

        Print(PollingBenchmarks.Invariant($"live, one pass every {step.TotalMinutes:F0} min, re-scoring off (before)"), await LiveAsync(dump, truth, first, last, step, rescore: false));
        Print(PollingBenchmarks.Invariant($"live, one pass every {step.TotalMinutes:F0} min, re-scoring on (after)"), await LiveAsync(dump, truth, first, last, step, rescore: true));
        return 0;
    }

    private static async Task<Outcome> BackfillAsync(string dump, Dictionary<string, bool> truth)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new SandboxOptions { RateLimitsEnabled = false, DumpPath = dump, RebaseDumpToClock = true };
        await using var host = await PollingBenchHost.StartAsync(options, clock);
        var accountId = await host.SignInFirstAccountAsync();
        await host.RunPassAsync();
        return await EvaluateAsync(host, accountId, truth, 1, 0);
    }

    private static async Task<Outcome> LiveAsync(string dump, Dictionary<string, bool> truth, DateTime first, DateTime last, TimeSpan step, bool rescore)
    {
        // The first pass must already see a DM: a pass over an empty inbox ends the backfill with no newest event id, and
        // such an account is not read incrementally afterwards (the worker's empty-inbox case).
        var clock = new FakeTimeProvider(new DateTimeOffset(first.AddMinutes(1), TimeSpan.Zero));
        var options = new SandboxOptions { RateLimitsEnabled = false, DumpPath = dump };
        await using var host = await PollingBenchHost.StartAsync(options, clock, rescore ? null : new Dictionary<string, string?>
        {
            ["Polling:MaxRescoredPerPass"] = "0",
        });
        var accountId = await host.SignInFirstAccountAsync();
        var passes = 0;
        while (clock.GetUtcNow().UtcDateTime <= last.Add(step))
        {
            await host.RunPassAsync();
            passes++;
            clock.Advance(step);
        }

        // The clock stands still within a pass, so a DM scored again in a later pass has ScoredAt after its StoredAt.
        var rescored = await host.WithDbAsync(db => db.DmScores
            .Where(s => s.AccountId == accountId)
            .Join(db.DmEvents.Where(e => e.AccountId == accountId), s => s.EventId, e => e.EventId, (s, e) => new { s.ScoredAt, e.StoredAt })
            .CountAsync(x => x.ScoredAt > x.StoredAt));
        return await EvaluateAsync(host, accountId, truth, passes, rescored);
    }

    private static async Task<Outcome> EvaluateAsync(PollingBenchHost host, string accountId, Dictionary<string, bool> truth, int passes, int rescored)
    {
        var scores = await host.WithDbAsync(db => db.DmScores.AsNoTracking()
            .Where(s => s.AccountId == accountId)
            .ToDictionaryAsync(s => s.EventId, StringComparer.Ordinal));
        var flagged = scores.ToDictionary(s => s.Key, s => s.Value.Flagged, StringComparer.Ordinal);
        var pending = await host.WithDbAsync(db => ScoreQueue.CountRescorePendingAsync(db, accountId, CancellationToken.None));
        int tp = 0, fp = 0, fn = 0, unscored = 0, unscoredAuto = 0;
        foreach (var (eventId, auto) in truth)
        {
            if (!flagged.TryGetValue(eventId, out var isFlagged))
            {
                unscored++;
                unscoredAuto += auto ? 1 : 0;
            }

            tp += auto && isFlagged ? 1 : 0;
            fp += !auto && isFlagged ? 1 : 0;
            fn += auto && !isFlagged ? 1 : 0;
            if (_printMissed && auto != isFlagged && scores.TryGetValue(eventId, out var wrong))
            {
                var signals = string.Join(' ', StoredReasons.Read(wrong.ReasonsJson).Select(r => r.Signal));
                Console.WriteLine(PollingBenchmarks.Invariant($"  {(auto ? "missed" : "false flag")} {eventId} score {wrong.Score:F3}: {signals}"));
            }
        }

        return new Outcome(tp, fp, fn, unscored, unscoredAuto, passes, rescored, pending);
    }

    private static void Print(string title, Outcome o) =>
        Console.WriteLine(PollingBenchmarks.Invariant(
            $"{title}: precision {o.Precision:F3} recall {o.Recall:F3} (flagged auto {o.TruePositives}, flagged personal {o.FalsePositives}, missed auto {o.FalseNegatives}; labeled DMs never scored {o.Unscored}: recall among the scored {o.RecallOfScored:F3}); {o.Passes} passes, {o.Rescored} DMs re-scored, {o.Pending} still queued"));

    private static Dictionary<string, bool> ReadLabels(string path)
    {
        var labels = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            using var doc = JsonDocument.Parse(line);
            labels[doc.RootElement.GetProperty("dm_event_id").GetString()!] = doc.RootElement.GetProperty("label").GetString() == "auto";
        }

        return labels;
    }

    private static (DateTime First, DateTime Last) EventSpan(string dump)
    {
        using var stream = File.OpenRead(dump);
        using var doc = JsonDocument.Parse(stream);
        var times = doc.RootElement.GetProperty("dm_events").EnumerateArray()
            .Select(e => e.GetProperty("created_at").GetDateTime().ToUniversalTime())
            .ToList();
        return (times.Min(), times.Max());
    }

    private sealed record Outcome(int TruePositives, int FalsePositives, int FalseNegatives, int Unscored, int UnscoredAuto, int Passes, int Rescored, int Pending)
    {
        // A DM older than X's 30-day window is never read: recall over what the app could see.
        public double RecallOfScored => TruePositives + FalseNegatives - UnscoredAuto == 0 ? 1 : TruePositives / (double)(TruePositives + FalseNegatives - UnscoredAuto);

        public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);

        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : TruePositives / (double)(TruePositives + FalseNegatives);
    }
}
