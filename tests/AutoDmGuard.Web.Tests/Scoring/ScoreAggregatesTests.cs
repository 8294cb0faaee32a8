using System.Diagnostics.Metrics;
using System.Globalization;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Scoring;
using AutoDmGuard.Web.Operations;
using AutoDmGuard.Web.Tests.Data;
using AutoDmGuard.Web.Tests.Senders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Tests.Scoring;

/// <summary>
/// The per-template and per-week aggregates the scorer keeps must always equal a recount from the stored scores:
/// after the real scorer wrote them in several batches, after scores are rewritten (a re-score) and after scores
/// are removed.
/// </summary>
public sealed class ScoreAggregatesTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly DateTime Start = new(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task The_scorer_keeps_them_equal_to_a_recount_batch_after_batch()
    {
        var accountId = await SeedUnscoredInboxAsync();

        await using (var db = database.Create())
        {
            var account = await db.Accounts.SingleAsync(a => a.Id == accountId);
            var scorer = NewScorer(db);
            var outcome = await scorer.ScoreQueueAsync(account, threshold: 0.5, batchSize: 7, _ => Task.CompletedTask, _ => Task.CompletedTask, CancellationToken.None);
            Assert.Equal(60, outcome.Scored);
        }

        var (expected, actual) = await BothAsync(accountId);
        // The inbox has shared templates and flagged DMs in several weeks, or the comparison would prove little.
        Assert.Contains(expected.Stats, s => s.Senders >= 10);
        Assert.True(expected.Weeks.Count >= 3);
        Assert.True(expected.Weeks.Sum(w => w.Flagged) > 0);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Rewritten_and_removed_scores_move_the_aggregates_exactly()
    {
        var accountId = await SeedUnscoredInboxAsync();
        await using (var db = database.Create())
        {
            var account = await db.Accounts.SingleAsync(a => a.Id == accountId);
            await NewScorer(db)
                .ScoreQueueAsync(account, threshold: 0.5, batchSize: 25, _ => Task.CompletedTask, _ => Task.CompletedTask, CancellationToken.None);
        }

        // A re-score: every third score moves to another template (or loses it), every second flips its flag.
        await RewriteAsync(accountId, (score, i) =>
        {
            if (i % 3 == 0)
            {
                score.TemplateKey = i % 2 == 0 ? "tpl-moved" : null;
            }

            if (i % 2 == 0)
            {
                score.Flagged = !score.Flagged;
            }

            return true;
        });
        var (expected, actual) = await BothAsync(accountId);
        Assert.Contains(expected.Stats, s => s.TemplateKey == "tpl-moved");
        Assert.Equal(expected, actual);

        // Scores removed (every fourth DM): their senders leave templates that then have fewer or no members.
        await RewriteAsync(accountId, (_, i) => i % 4 != 0);
        (expected, actual) = await BothAsync(accountId);
        Assert.Equal(expected, actual);

        // Every score removed: nothing is left behind.
        await RewriteAsync(accountId, (_, _) => false);
        (expected, actual) = await BothAsync(accountId);
        Assert.Empty(actual.Members);
        Assert.Empty(actual.Stats);
        Assert.Empty(actual.Weeks);
    }

    [Fact]
    public async Task Rebuild_recounts_rows_written_outside_the_scorer()
    {
        var seed = new SenderSeed();
        seed.Sender("a_bot", 0.9, templateKey: "tpl-a", texts: ["one", "two"]);
        seed.Sender("b_bot", 0.8, templateKey: "tpl-a");
        seed.Sender("c_friend", 0.1, flagged: false, texts: ["hello"]);
        await using (var db = database.Create())
        {
            await seed.SaveAsync(db);
        }

        var (expected, actual) = await BothAsync(seed.AccountId);
        Assert.Equal([new StatRow("tpl-a", 2, 3)], actual.Stats);
        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// One account, 20 senders with 3 DMs each spread over five weeks: most senders send the same two texts (shared
    /// templates), a few write their own.
    /// </summary>
    private Task<string> SeedUnscoredInboxAsync() => SeedUnscoredInboxAsync(database);

    /// <inheritdoc cref="SeedUnscoredInboxAsync()"/>
    internal static async Task<string> SeedUnscoredInboxAsync(MigratedDatabase database)
    {
        var seed = new SenderSeed();
        await using var db = database.Create();
        db.Accounts.Add(seed.Account);
        for (var s = 0; s < 20; s++)
        {
            var senderId = SenderSeed.NewId();
            db.KnownUsers.Add(new KnownUser { AccountId = seed.AccountId, UserId = senderId, Username = "sender_" + s.ToString(CultureInfo.InvariantCulture), UpdatedAt = Start });
            for (var d = 0; d < 3; d++)
            {
                var eventId = SenderSeed.NewId();
                var text = s < 15
                    ? (d == 0 ? "Thanks for the follow! Grab my free growth guide here: https://t.co/growth" : "Did you see my guide? Reply YES to get the bonus checklist")
                    : $"Hi, it's {s} again about the cycling club ride number {d}, see you Sunday";
                db.DmEvents.Add(new DmEvent
                {
                    AccountId = seed.AccountId,
                    EventId = eventId,
                    Sequence = long.Parse(eventId, CultureInfo.InvariantCulture),
                    EventType = DmEventTypes.MessageCreate,
                    Text = text,
                    SenderId = senderId,
                    ConversationId = senderId + "-" + seed.AccountId,
                    CreatedAt = Start.AddDays((s * 3) + (d * 11)),
                    StoredAt = Start,
                });
            }
        }

        await db.SaveChangesAsync();
        return seed.AccountId;
    }

    /// <summary>What a re-score does: rewrites (keep = true after editing) or removes stored scores, with the aggregates.</summary>
    private async Task RewriteAsync(string accountId, Func<DmScore, int, bool> rewrite)
    {
        await using var db = database.Create();
        var scores = await db.DmScores.Where(s => s.AccountId == accountId).OrderBy(s => s.EventId).ToListAsync();
        var events = await db.DmEvents.AsNoTracking().Where(e => e.AccountId == accountId).ToDictionaryAsync(e => e.EventId);
        var changes = new List<ScoreChange>();
        for (var i = 0; i < scores.Count; i++)
        {
            var score = scores[i];
            var before = new ScoredFacts(score.TemplateKey, score.Flagged);
            var keep = rewrite(score, i);
            if (!keep)
            {
                db.DmScores.Remove(score);
            }

            var e = events[score.EventId];
            changes.Add(new ScoreChange(e.SenderId!, e.CreatedAt, before, keep ? new ScoredFacts(score.TemplateKey, score.Flagged) : null));
        }

        await new ScoreAggregates(db).SaveWithScoresAsync(accountId, changes, CancellationToken.None);
    }

    private async Task<(Aggregates Expected, Aggregates Actual)> BothAsync(string accountId)
    {
        await using var db = database.Create();
        var scored = await (
            from s in db.DmScores
            where s.AccountId == accountId
            join e in db.DmEvents on new { s.AccountId, s.EventId } equals new { e.AccountId, e.EventId }
            select new { s.TemplateKey, s.Flagged, e.SenderId, e.CreatedAt })
            .ToListAsync();
        var members = scored
            .Where(s => s.TemplateKey is not null)
            .GroupBy(s => (s.TemplateKey!, s.SenderId!))
            .Select(g => new MemberRow(g.Key.Item1, g.Key.Item2, g.Count()))
            .ToList();
        var expected = new Aggregates(
            members,
            [.. members.GroupBy(m => m.TemplateKey).Select(g => new StatRow(g.Key, g.Count(), g.Sum(m => m.Dms)))],
            [.. scored.GroupBy(s => Monday(s.CreatedAt)).Select(g => new WeekRow(g.Key, g.Count(), g.Count(s => s.Flagged)))]);
        var actual = new Aggregates(
            await db.TemplateMembers.Where(m => m.AccountId == accountId).Select(m => new MemberRow(m.TemplateKey, m.SenderId, m.Dms)).ToListAsync(),
            await db.TemplateStats.Where(t => t.AccountId == accountId).Select(t => new StatRow(t.TemplateKey, t.Senders, t.Dms)).ToListAsync(),
            await db.WeeklyStats.Where(w => w.AccountId == accountId).Select(w => new WeekRow(w.WeekStart, w.Dms, w.FlaggedDms)).ToListAsync());
        return (expected.Sorted(), actual.Sorted());
    }

    private static DateTime Monday(DateTime at)
    {
        var day = at.Date;
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    private sealed record MemberRow(string TemplateKey, string SenderId, int Dms);

    private sealed record StatRow(string TemplateKey, int Senders, int Dms);

    private sealed record WeekRow(DateTime WeekStart, int Dms, int Flagged);

    private sealed record Aggregates(IReadOnlyList<MemberRow> Members, IReadOnlyList<StatRow> Stats, IReadOnlyList<WeekRow> Weeks)
    {
        public Aggregates Sorted() => new(
            [.. Members.OrderBy(m => m.TemplateKey, StringComparer.Ordinal).ThenBy(m => m.SenderId, StringComparer.Ordinal)],
            [.. Stats.OrderBy(s => s.TemplateKey, StringComparer.Ordinal)],
            [.. Weeks.OrderBy(w => w.WeekStart)]);

        public bool Equals(Aggregates? other) =>
            other is not null && Members.SequenceEqual(other.Members) && Stats.SequenceEqual(other.Stats) && Weeks.SequenceEqual(other.Weeks);

        public override int GetHashCode() => HashCode.Combine(Members.Count, Stats.Count, Weeks.Count);

        public override string ToString() =>
            $"members [{string.Join(", ", Members)}] stats [{string.Join(", ", Stats)}] weeks [{string.Join(", ", Weeks)}]";
    }

    internal static DmScorer NewScorer(AppDbContext db) =>
        NewScorer(db, new ClassifierState(Options.Create(new ScoringOptions())), new ScoreAggregates(db));

    private static DmScorer NewScorer(AppDbContext db, ClassifierState classifier, ScoreAggregates aggregates)
    {
        var contexts = new InboxContextLoader(db);
        return new(
            db, classifier, new ScoreQueue(db, NullLogger<ScoreQueue>.Instance), contexts,
            new TemplateIndexSync(db, classifier, new ClassifierWarmup(db, classifier, contexts, aggregates, TimeProvider.System), NullLogger<TemplateIndexSync>.Instance),
            new SenderVerdictWriter(db, classifier, contexts),
            aggregates, TimeProvider.System, Options.Create(new ScoringOptions()), Metrics, NullLogger<DmScorer>.Instance);
    }

    /// <summary>The scorer records its batch times; nothing listens here (the queue gauge is never observed).</summary>
    private static readonly AppMetrics Metrics = new(
        new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(), []);
}
