using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoDmGuard.Core;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Polling;
using AutoDmGuard.Web.Scoring;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.Web.Tests.Polling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDmGuard.Web.Tests.Scoring;

/// <summary>
/// Live re-scoring: stored DMs are scored again when their template gains senders (in the same pass) or when the
/// classifier version changes (in the background, a capped number per pass), through the one write path, without
/// duplicate rows, resuming after a crash, and without overriding what the user decided about a sender.
/// </summary>
public sealed class RescoringTests
{
    private const string MeId = "900000000000000001";
    private const string EarlySenderId = "900000000000000101";
    private const string AnsweringSenderId = "900000000000000201";

    // Written for this test: a templated pitch that, from one sender alone, reads like a long personal message.
    private static readonly CompositeFormat Template = CompositeFormat.Parse(
        "{0}, I went through the notes from the community call and wrote up a short summary of the three talks and the "
        + "questions people asked at the end. Sharing it in case it is useful before the next call on {1}: https://t.co/n0tes {2}");

    [Fact]
    public async Task Template_seen_later_from_other_senders_rescores_and_flags_the_early_dm_in_the_same_pass()
    {
        var laterSenders = LaterSenders();
        string? dump = null;
        await using var app = await PollingAppFactory.StartAsync(f =>
        {
            var now = f.Clock.GetUtcNow().UtcDateTime;
            dump = WriteDump(now, laterSenders);
            f.DumpPath = dump;
        });
        try
        {
            using var user = await app.SignInAsync();
            Assert.Equal(MeId, user.AccountId);

            // Pass 1: only the early DM has arrived; alone, its template is "a long message in its own words".
            await app.RunPassAsync();
            var early = await ScoreOfAsync(app, EarlySenderId);
            Assert.False(early.Flagged, $"precondition: the lone early DM must not be flagged yet (score {early.Score:F3})");
            Assert.Equal(1, early.TemplateSenderCount);
            Assert.False((await VerdictOfAsync(app, EarlySenderId)).Flagged);

            // Pass 2: five more senders send the same template. The early DM is re-scored in this very pass.
            app.Clock.Advance(TimeSpan.FromMinutes(15));
            var passAt = app.Now;
            var pass = await app.RunPassAsync();

            Assert.Equal(AccountPollStatus.Polled, pass.For(MeId)?.Status);
            Assert.Equal(5, pass.For(MeId)!.Scored);
            var rescored = await ScoreOfAsync(app, EarlySenderId);
            Assert.Equal(6, rescored.TemplateSenderCount);
            Assert.True(rescored.Flagged, $"the early DM should be flagged once its template came from 6 senders (score {rescored.Score:F3})");
            Assert.True(rescored.Score > early.Score);
            Assert.Equal(passAt, rescored.ScoredAt);
            Assert.Null(rescored.RescoreQueuedAt);
            Assert.Contains("template", rescored.ReasonsJson, StringComparison.Ordinal);
            var verdict = await VerdictOfAsync(app, EarlySenderId);
            Assert.True(verdict.Flagged);
            Assert.Equal(rescored.Score, verdict.Score, 6);
            Assert.Equal(1, verdict.DmCount);

            // One row per DM, nothing queued, and a further pass changes nothing.
            var rows = await app.WithDbAsync(db => db.DmScores.AsNoTracking().Where(s => s.AccountId == MeId).ToListAsync());
            Assert.Equal(6, rows.Count);
            Assert.All(rows, r => Assert.Null(r.RescoreQueuedAt));
            Assert.All(rows, r => Assert.Equal(6, r.TemplateSenderCount));
            await AssertAggregatesMatchScoresAsync(app);
            app.Clock.Advance(TimeSpan.FromMinutes(2));
            await app.RunPassAsync();
            Assert.Equal(passAt, (await ScoreOfAsync(app, EarlySenderId)).ScoredAt);
        }
        finally
        {
            File.Delete(dump!);
        }
    }

    [Fact]
    public async Task A_backlog_of_several_batches_is_indexed_before_scoring_so_each_dm_is_scored_once_with_the_final_counts()
    {
        var (app, dump) = await StartSixBatchBackfillAsync();
        await using (app)
        {
            try
            {
                using var user = await app.SignInAsync();
                var pass = await app.RunPassAsync();

                Assert.Equal(AccountPollStatus.Polled, pass.For(MeId)?.Status);
                Assert.Equal(6, pass.For(MeId)!.Scored);
                await AssertEachDmScoredOnceWithTheFinalCountAsync(app);
                Assert.True((await VerdictOfAsync(app, EarlySenderId)).Flagged);
                Assert.Equal(0, (await HealthAsync(user)).GetProperty("rescore").GetProperty("pending").GetInt32());
            }
            finally
            {
                File.Delete(dump);
            }
        }
    }

    [Fact]
    public async Task A_crash_while_a_backlog_is_indexed_ahead_loses_nothing_and_stores_nothing_twice_after_a_restart()
    {
        var (app, dump) = await StartSixBatchBackfillAsync();
        await using (app)
        {
            try
            {
                using var user = await app.SignInAsync();
                var batches = 0;
                app.Hooks.OnCheckpoint = (_, checkpoint, _) =>
                    checkpoint == PollingCheckpoint.IndexedAheadBatchStored && ++batches == 3
                        ? throw new InvalidOperationException("simulated crash after the third batch indexed ahead")
                        : Task.CompletedTask;

                var crashed = await app.RunPassAsync();

                Assert.Equal(AccountPollStatus.Failed, crashed.For(MeId)?.Status);
                Assert.Equal(6, await app.WithDbAsync(db => db.DmEvents.CountAsync(e => e.AccountId == MeId && !e.FromMe)));
                Assert.Equal(0, await app.WithDbAsync(db => db.DmScores.CountAsync()));
                Assert.Equal(3, await app.WithDbAsync(db => db.TemplateSignatures.CountAsync()));

                // The process died: a new one reads the three signatures back and indexes the other three DMs itself.
                app.Hooks.OnCheckpoint = null;
                await using var restarted = app.WithWebHostBuilder(_ => { });
                app.Clock.Advance(TimeSpan.FromMinutes(15));
                await using (var scope = restarted.Services.CreateAsyncScope())
                {
                    var pass = await scope.ServiceProvider.GetRequiredService<PollingPass>().RunOnceAsync(CancellationToken.None);
                    Assert.Equal(AccountPollStatus.Polled, pass.For(MeId)?.Status);
                    Assert.Equal(6, pass.For(MeId)!.Scored);
                }

                Assert.Equal(3, restarted.Services.GetRequiredService<ClassifierState>().SignaturesRead);
                await AssertEachDmScoredOnceWithTheFinalCountAsync(app);
            }
            finally
            {
                File.Delete(dump);
            }
        }
    }

    /// <summary>
    /// The six DMs of <see cref="WriteDump"/>, all arrived by the first pass: one conversation per scoring batch and no
    /// re-scoring, so whatever a batch scores is what stays.
    /// </summary>
    private static async Task<(PollingAppFactory App, string Dump)> StartSixBatchBackfillAsync()
    {
        string? dump = null;
        var app = await PollingAppFactory.StartAsync(f =>
        {
            dump = WriteDump(f.Clock.GetUtcNow().UtcDateTime, LaterSenders());
            f.DumpPath = dump;
            f.Settings["Polling:ScoreBatchSize"] = "1";
            f.Settings["Polling:MaxRescoredPerPass"] = "0";
        });
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        return (app, dump!);
    }

    /// <summary>One flagged score per DM with the template's final count of 6, none queued, one signature per DM.</summary>
    private static async Task AssertEachDmScoredOnceWithTheFinalCountAsync(PollingAppFactory app)
    {
        var rows = await app.WithDbAsync(db => db.DmScores.AsNoTracking().Where(s => s.AccountId == MeId).ToListAsync());
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal(6, r.TemplateSenderCount));
        Assert.All(rows, r => Assert.True(r.Flagged, $"score {r.Score:F3}"));
        Assert.All(rows, r => Assert.Null(r.RescoreQueuedAt));
        var signatures = await app.WithDbAsync(db => db.TemplateSignatures.AsNoTracking().Select(t => t.EventId).ToListAsync());
        Assert.Equal(6, signatures.Count);
        Assert.Equal(6, signatures.Distinct(StringComparer.Ordinal).Count());
        await AssertAggregatesMatchScoresAsync(app);
    }

    private static List<string> LaterSenders() =>
        [.. Enumerable.Range(2, 5).Select(i => "9000000000000001" + i.ToString("00", CultureInfo.InvariantCulture))];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task After_a_restart_the_index_is_read_back_and_stored_template_keys_stay_so_growth_still_finds_the_early_dm(bool scoredBeforeSignaturesWereStored)
    {
        var laterSenders = LaterSenders();
        string? dump = null;
        await using var app = await PollingAppFactory.StartAsync(f =>
        {
            dump = WriteDump(f.Clock.GetUtcNow().UtcDateTime, laterSenders);
            f.DumpPath = dump;
        });
        try
        {
            // In the first process another inbox's DMs (never stored) were indexed first, so the early DM has another
            // entry number in the restarted process's index than here: its stored key must not depend on that.
            var index = app.Services.GetRequiredService<ClassifierState>().Classifier;
            var other = new Core.InboxContext("someone-else", "someone", null, new Dictionary<string, DateTime?>(), [], new Core.FeedbackSet([]));
            index.Classify(
                [.. Enumerable.Range(0, 3).Select(i => new Core.DmMessage($"x{i}", "c", $"u{i}", $"an unrelated note number {i} about the garden fence and the paint colour", app.Now))],
                [],
                other);
            using var user = await app.SignInAsync();
            await app.RunPassAsync();
            var keyBefore = (await ScoreOfAsync(app, EarlySenderId)).TemplateKey;
            Assert.False((await ScoreOfAsync(app, EarlySenderId)).Flagged);

            Assert.Equal(1, await app.WithDbAsync(db => db.TemplateSignatures.CountAsync()));
            if (scoredBeforeSignaturesWereStored)
            {
                // A database from before the shared index: scores, no signatures. The restart classifies the stored DM
                // once to index it (and stores its signature); with signatures it classifies none.
                await app.WithDbAsync(db => db.TemplateSignatures.ExecuteDeleteAsync());
            }

            var storedBeforeRestart = await app.WithDbAsync(db => db.TemplateSignatures.LongCountAsync());

            // A restart: same database, new process-wide classifier, its index read from the stored signatures.
            await using var restarted = app.WithWebHostBuilder(_ => { });
            app.Clock.Advance(TimeSpan.FromMinutes(15));
            await using (var scope = restarted.Services.CreateAsyncScope())
            {
                var pass = await scope.ServiceProvider.GetRequiredService<PollingPass>().RunOnceAsync(CancellationToken.None);
                Assert.Equal(AccountPollStatus.Polled, pass.For(MeId)?.Status);
            }

            var state = restarted.Services.GetRequiredService<ClassifierState>();
            Assert.Equal(scoredBeforeSignaturesWereStored ? 1 : 0, state.DmsReclassified);
            Assert.Equal(storedBeforeRestart, state.SignaturesRead);
            Assert.Equal(6, await app.WithDbAsync(db => db.TemplateSignatures.CountAsync()));

            var early = await ScoreOfAsync(app, EarlySenderId);
            Assert.Equal(keyBefore, early.TemplateKey);
            Assert.Equal(6, early.TemplateSenderCount);
            Assert.True(early.Flagged);
            Assert.True((await VerdictOfAsync(app, EarlySenderId)).Flagged);
            var keys = await app.WithDbAsync(db => db.DmScores.Where(s => s.AccountId == MeId).Select(s => s.TemplateKey).Distinct().ToListAsync());
            Assert.Equal([early.TemplateKey], keys);
            // The stored keys are what the sender page and Insights read through the aggregates.
            await AssertAggregatesMatchScoresAsync(app);
        }
        finally
        {
            File.Delete(dump!);
        }
    }

    [Fact]
    public async Task Template_growing_in_another_inbox_queues_this_inbox_dms_and_its_next_pass_rescores_them()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var mira = await app.SignInAsync(app.Sandbox.SignableAccounts[0].Username);
        await app.RunPassAsync();
        using var theo = await app.SignInAsync(app.Sandbox.SignableAccounts[1].Username);

        // Theo's first pass only (Mira is not due): his DMs join templates Mira received from the same bots.
        var theoPass = await app.RunPassAsync();
        Assert.Null(theoPass.For(mira.AccountId));
        Assert.Equal(AccountPollStatus.Polled, theoPass.For(theo.AccountId)?.Status);
        var theoCounts = await app.WithDbAsync(db => db.DmScores.AsNoTracking()
            .Where(s => s.AccountId == theo.AccountId && s.TemplateKey != null)
            .GroupBy(s => s.TemplateKey!)
            .Select(g => new { Key = g.Key, Senders = g.Max(s => s.TemplateSenderCount) })
            .ToDictionaryAsync(g => g.Key, g => g.Senders, StringComparer.Ordinal));
        var queued = await app.WithDbAsync(db => db.DmScores.AsNoTracking()
            .Where(s => s.AccountId == mira.AccountId && s.RescoreQueuedAt != null).ToListAsync());
        Assert.NotEmpty(queued);
        Assert.All(queued, q => Assert.True(theoCounts.TryGetValue(q.TemplateKey!, out var n) && n > q.TemplateSenderCount));
        Assert.Equal(queued.Count, (await HealthAsync(mira)).GetProperty("rescore").GetProperty("queued").GetInt32());

        await AdvanceToNextPollAsync(app, mira.AccountId);
        var passAt = app.Now;
        await app.RunPassAsync();

        var ids = queued.Select(q => q.EventId).ToList();
        var rescored = await app.WithDbAsync(db => db.DmScores.AsNoTracking()
            .Where(s => s.AccountId == mira.AccountId && ids.Contains(s.EventId)).ToListAsync());
        Assert.Equal(queued.Count, rescored.Count);
        Assert.All(rescored, r =>
        {
            Assert.Null(r.RescoreQueuedAt);
            Assert.Equal(passAt, r.ScoredAt);
            Assert.Equal(theoCounts[r.TemplateKey!], r.TemplateSenderCount);
            Assert.Contains("inboxes", r.ReasonsJson, StringComparison.Ordinal);
        });
        Assert.Equal(0, await app.WithDbAsync(db => db.DmScores.CountAsync(s => s.RescoreQueuedAt != null)));
    }

    [Fact]
    public async Task Classifier_version_change_rescores_stored_dms_in_capped_batches_and_keeps_user_decisions()
    {
        await using var app = await StartWithRescoreLimitsAsync(maxPerPass: 60, batchSize: 25);
        using var user = await app.SignInAsync();
        await app.RunPassAsync();
        var original = await app.WithDbAsync(db => db.DmScores.AsNoTracking().Where(s => s.AccountId == user.AccountId).ToListAsync());
        var originalVerdicts = await app.WithDbAsync(db => db.SenderVerdicts.AsNoTracking().Where(v => v.AccountId == user.AccountId).ToListAsync());
        var total = original.Count;
        Assert.InRange(total, 121, 1000);
        var flaggedSenders = originalVerdicts.Where(v => v.Flagged).OrderBy(v => v.SenderId, StringComparer.Ordinal).Select(v => v.SenderId).ToList();
        Assert.True(flaggedSenders.Count >= 4);
        var (notAutomated, muted, unfollowed, allowlisted) = (flaggedSenders[0], flaggedSenders[1], flaggedSenders[2], flaggedSenders[3]);

        // Rows an older classifier wrote (wrong values on purpose), and the user's decisions taken meanwhile.
        await app.WithDbAsync(async db =>
        {
            await db.DmScores.Where(s => s.AccountId == user.AccountId).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.ClassifierVersion, DmScorer.ClassifierVersion - 1)
                .SetProperty(s => s.Score, 0.0)
                .SetProperty(s => s.Flagged, false)
                .SetProperty(s => s.ReasonsJson, "[]"));
            await db.SenderVerdicts.Where(v => v.AccountId == user.AccountId).ExecuteUpdateAsync(u => u
                .SetProperty(v => v.Score, 0.0)
                .SetProperty(v => v.Flagged, false));
            var rows = await db.SenderVerdicts.Where(v => v.AccountId == user.AccountId).ToListAsync();
            rows.Single(v => v.SenderId == notAutomated).Mark = SenderMark.NotAutomated;
            rows.Single(v => v.SenderId == muted).Status = SenderStatus.Muted;
            rows.Single(v => v.SenderId == unfollowed).Status = SenderStatus.Unfollowed;
            var handle = await db.KnownUsers.Where(u => u.AccountId == user.AccountId && u.UserId == allowlisted).Select(u => u.Username).SingleAsync();
            db.AllowlistEntries.Add(new AllowlistEntry { AccountId = user.AccountId, Username = handle, UserId = allowlisted, AddedAt = app.Now });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(total, (await HealthAsync(user)).GetProperty("rescore").GetProperty("olderClassifierVersion").GetInt32());

        // Each pass re-scores at most 60 (batches of 25, 25, 10) and reports what is left.
        var expectedLeft = total;
        while (expectedLeft > 0)
        {
            await AdvanceToNextPollAsync(app, user.AccountId);
            var pass = await app.RunPassAsync();
            Assert.Equal(AccountPollStatus.Polled, pass.For(user.AccountId)?.Status);
            expectedLeft = Math.Max(0, expectedLeft - 60);
            var current = await app.WithDbAsync(db => db.DmScores.CountAsync(s => s.AccountId == user.AccountId && s.ClassifierVersion == DmScorer.ClassifierVersion));
            Assert.Equal(total - expectedLeft, current);
            var rescore = (await HealthAsync(user)).GetProperty("rescore");
            Assert.Equal(expectedLeft, rescore.GetProperty("pending").GetInt32());
            Assert.Equal(expectedLeft, rescore.GetProperty("olderClassifierVersion").GetInt32());
        }

        // Exactly one row per DM, each scored as the first time (senders the user decided about aside).
        var after = await app.WithDbAsync(db => db.DmScores.AsNoTracking().Where(s => s.AccountId == user.AccountId).ToListAsync());
        Assert.Equal(original.Select(s => s.EventId).Order(StringComparer.Ordinal), after.Select(s => s.EventId).Order(StringComparer.Ordinal));
        var senderOf = await app.WithDbAsync(db => db.DmEvents.AsNoTracking().Where(e => e.AccountId == user.AccountId)
            .ToDictionaryAsync(e => e.EventId, e => e.SenderId, StringComparer.Ordinal));
        var decided = new HashSet<string>([notAutomated, allowlisted], StringComparer.Ordinal);
        var before = original.ToDictionary(s => s.EventId, StringComparer.Ordinal);
        foreach (var row in after.Where(r => !decided.Contains(senderOf[r.EventId]!)))
        {
            Assert.Equal(before[row.EventId].Score, row.Score, 9);
            Assert.Equal(before[row.EventId].Flagged, row.Flagged);
            Assert.Equal(before[row.EventId].ReasonsJson, row.ReasonsJson);
        }

        var verdicts = await app.WithDbAsync(db => db.SenderVerdicts.AsNoTracking().Where(v => v.AccountId == user.AccountId).ToListAsync());
        Assert.Equal(originalVerdicts.Count, verdicts.Count);
        foreach (var v in verdicts.Where(v => !decided.Contains(v.SenderId)))
        {
            var was = originalVerdicts.Single(o => o.SenderId == v.SenderId);
            Assert.Equal(was.Flagged, v.Flagged);
            Assert.Equal(was.Score, v.Score, 9);
            Assert.Equal(was.DmCount, v.DmCount);
        }

        var marked = verdicts.Single(v => v.SenderId == notAutomated);
        Assert.Equal(SenderMark.NotAutomated, marked.Mark);
        Assert.False(marked.Flagged);
        Assert.Equal(SenderStatus.Muted, verdicts.Single(v => v.SenderId == muted).Status);
        Assert.True(verdicts.Single(v => v.SenderId == muted).Flagged);
        Assert.Equal(SenderStatus.Unfollowed, verdicts.Single(v => v.SenderId == unfollowed).Status);
        Assert.True(verdicts.Single(v => v.SenderId == unfollowed).Flagged);
        Assert.False(verdicts.Single(v => v.SenderId == allowlisted).Flagged);
        Assert.Contains("allowlist", verdicts.Single(v => v.SenderId == allowlisted).TopReasonsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crash_between_rescore_batches_keeps_the_committed_batch_and_the_next_pass_resumes()
    {
        await using var app = await StartWithRescoreLimitsAsync(maxPerPass: 1000, batchSize: 30);
        using var user = await app.SignInAsync();
        await app.RunPassAsync();
        var total = await app.WithDbAsync(db => db.DmScores.CountAsync(s => s.AccountId == user.AccountId));
        Assert.True(total > 60);
        await app.WithDbAsync(db => db.DmScores.Where(s => s.AccountId == user.AccountId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ClassifierVersion, DmScorer.ClassifierVersion - 1)));
        var batches = 0;
        app.Hooks.OnCheckpoint = (_, checkpoint, _) =>
            checkpoint == PollingCheckpoint.RescoreBatchStored && ++batches == 2
                ? throw new InvalidOperationException("simulated crash after the second re-score batch")
                : Task.CompletedTask;

        await AdvanceToNextPollAsync(app, user.AccountId);
        var crashed = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.Failed, crashed.For(user.AccountId)?.Status);
        Assert.Equal(60, await CurrentVersionCountAsync(app, user.AccountId));
        Assert.Equal(total - 60, (await HealthAsync(user)).GetProperty("rescore").GetProperty("pending").GetInt32());

        app.Hooks.OnCheckpoint = null;
        await AdvanceToNextPollAsync(app, user.AccountId);
        var resumed = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.Polled, resumed.For(user.AccountId)?.Status);
        Assert.Equal(total, await CurrentVersionCountAsync(app, user.AccountId));
        Assert.Equal(total, await app.WithDbAsync(db => db.DmScores.CountAsync(s => s.AccountId == user.AccountId)));
        Assert.Equal(0, (await HealthAsync(user)).GetProperty("rescore").GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task A_sender_who_answers_the_user_has_their_earlier_flagged_dm_rescored_and_cleared_in_the_same_pass()
    {
        string? dump = null;
        await using var app = await PollingAppFactory.StartAsync(f => f.DumpPath = dump = WriteAnsweredDump(f.Clock.GetUtcNow().UtcDateTime));
        try
        {
            using var user = await app.SignInAsync();

            // Pass 1: only the first DM has arrived, minutes after the follow, and reads like a pitch.
            await app.RunPassAsync();
            var first = await ScoreOfAsync(app, AnsweringSenderId);
            Assert.True(first.Flagged, $"precondition: the first DM must be flagged before the user answers (score {first.Score:F3})");
            Assert.True((await VerdictOfAsync(app, AnsweringSenderId)).Flagged);

            // Pass 2: the user replied and the sender answered with something written for them. The first DM is
            // re-scored in this very pass with the whole conversation, and the sender is cleared.
            app.Clock.Advance(TimeSpan.FromMinutes(15));
            var passAt = app.Now;
            await app.RunPassAsync();

            var scores = await app.WithDbAsync(db => db.DmScores.AsNoTracking().Where(s => s.AccountId == MeId).OrderBy(s => s.EventId).ToListAsync());
            Assert.Equal(2, scores.Count);
            Assert.All(scores, s => Assert.False(s.Flagged, $"{s.EventId} still flagged (score {s.Score:F3}): {s.ReasonsJson}"));
            Assert.All(scores, s => Assert.Contains(SenderSignals.RealBackAndForth, s.ReasonsJson, StringComparison.Ordinal));
            Assert.All(scores, s => Assert.Null(s.RescoreQueuedAt));
            Assert.Equal(passAt, scores[0].ScoredAt);
            var verdict = await VerdictOfAsync(app, AnsweringSenderId);
            Assert.False(verdict.Flagged);
            Assert.Equal(2, verdict.DmCount);
            Assert.Equal(0, await app.WithDbAsync(db => db.WeeklyStats.Where(w => w.AccountId == MeId).SumAsync(w => w.FlaggedDms)));

            // Nothing is left queued and a further pass changes nothing.
            app.Clock.Advance(TimeSpan.FromMinutes(2));
            await app.RunPassAsync();
            Assert.Equal(0, await app.WithDbAsync(db => ScoreQueue.CountRescorePendingAsync(db, MeId, CancellationToken.None)));
            Assert.Equal(passAt, (await app.WithDbAsync(db => db.DmScores.AsNoTracking().SingleAsync(s => s.EventId == scores[0].EventId))).ScoredAt);
        }
        finally
        {
            File.Delete(dump!);
        }
    }

    private static Task<PollingAppFactory> StartWithRescoreLimitsAsync(int maxPerPass, int batchSize) =>
        PollingAppFactory.StartAsync(f =>
        {
            f.Settings["Polling:MaxRescoredPerPass"] = maxPerPass.ToString(CultureInfo.InvariantCulture);
            f.Settings["Polling:RescoreBatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture);
        });

    private static async Task AdvanceToNextPollAsync(PollingAppFactory app, string accountId)
    {
        var next = (await app.StateAsync(accountId)).NextDmPollAt!.Value;
        app.Clock.SetUtcNow(next > app.Now ? next : app.Now.AddSeconds(1));
    }

    private static Task<int> CurrentVersionCountAsync(PollingAppFactory app, string accountId) =>
        app.WithDbAsync(db => db.DmScores.CountAsync(s => s.AccountId == accountId && s.ClassifierVersion == DmScorer.ClassifierVersion));

    private static async Task<JsonElement> HealthAsync(Infrastructure.SignedInUser user) =>
        await user.Client.GetFromJsonAsync<JsonElement>(new Uri("/health/worker", UriKind.Relative));

    /// <summary>The per-template and per-week aggregates the pages read equal a recount of the stored scores.</summary>
    private static async Task AssertAggregatesMatchScoresAsync(PollingAppFactory app)
    {
        var recount = await app.WithDbAsync(db => (
                from s in db.DmScores
                where s.AccountId == MeId && s.TemplateKey != null
                join e in db.DmEvents on new { s.AccountId, s.EventId } equals new { e.AccountId, e.EventId }
                group e by s.TemplateKey into g
                select new { Key = g.Key!, Senders = g.Select(e => e.SenderId).Distinct().Count(), Dms = g.Count() })
            .ToListAsync());
        var stats = await app.WithDbAsync(db => db.TemplateStats.AsNoTracking().Where(t => t.AccountId == MeId && t.Dms > 0)
            .Select(t => new { Key = t.TemplateKey, t.Senders, t.Dms }).ToListAsync());
        Assert.NotEmpty(recount);
        Assert.Equal(recount.OrderBy(r => r.Key, StringComparer.Ordinal), stats.OrderBy(r => r.Key, StringComparer.Ordinal));
        var flagged = await app.WithDbAsync(db => db.DmScores.CountAsync(s => s.AccountId == MeId && s.Flagged));
        var weeklyFlagged = await app.WithDbAsync(db => db.WeeklyStats.Where(w => w.AccountId == MeId).SumAsync(w => w.FlaggedDms));
        Assert.Equal(flagged, weeklyFlagged);
    }

    private static Task<DmScore> ScoreOfAsync(PollingAppFactory app, string senderId) =>
        app.WithDbAsync(db => db.DmScores.AsNoTracking()
            .Where(s => s.AccountId == MeId)
            .Join(db.DmEvents.Where(e => e.AccountId == MeId && e.SenderId == senderId), s => s.EventId, e => e.EventId, (s, _) => s)
            .SingleAsync());

    private static Task<SenderVerdict> VerdictOfAsync(PollingAppFactory app, string senderId) =>
        app.WithDbAsync(db => db.SenderVerdicts.AsNoTracking().SingleAsync(v => v.AccountId == MeId && v.SenderId == senderId));

    /// <summary>
    /// One early DM (3 h before <paramref name="now"/>) and the same template from <paramref name="laterSenders"/> a few
    /// minutes after it; the sandbox serves each event once the clock reaches it. Nobody is followed: no timing evidence.
    /// </summary>
    private static string WriteDump(DateTime now, List<string> laterSenders)
    {
        var senders = new List<(string Id, DateTime At)> { (EarlySenderId, now.AddHours(-3)) };
        senders.AddRange(laterSenders.Select((id, i) => (id, now.AddMinutes(5 + i))));
        var users = new JsonArray();
        var events = new JsonArray();
        string[] days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
        string[] tails = ["😊😊", "🙂", "!!", "🚀🚀", "😊", "✨"];
        var sequence = 0;
        foreach (var (id, at, i) in senders.Select((s, i) => (s.Id, s.At, i)))
        {
            users.Add(new JsonObject
            {
                ["id"] = id,
                ["username"] = "dev_sender_" + i.ToString(CultureInfo.InvariantCulture),
                ["name"] = "Sender " + i.ToString(CultureInfo.InvariantCulture),
                ["description"] = "Learning to code, one project at a time.",
                ["created_at"] = Iso(now.AddYears(-3).AddDays(-i * 40)),
                ["verified"] = false,
                ["protected"] = false,
                ["public_metrics"] = new JsonObject { ["followers_count"] = 300 + i, ["following_count"] = 280 + i, ["tweet_count"] = 900, ["listed_count"] = 1 },
            });
            events.Add(new JsonObject
            {
                ["id"] = Snowflake(at, sequence++),
                ["event_type"] = "MessageCreate",
                ["text"] = string.Format(CultureInfo.InvariantCulture, Template, i % 2 == 0 ? "Robin" : "Robin Vale", days[i], tails[i]),
                ["sender_id"] = id,
                ["dm_conversation_id"] = string.CompareOrdinal(MeId, id) < 0 ? $"{MeId}-{id}" : $"{id}-{MeId}",
                ["created_at"] = Iso(at),
            });
        }

        var dump = new JsonObject
        {
            ["format"] = "autodmguard-mailbox/1",
            ["me"] = new JsonObject { ["id"] = MeId, ["username"] = "robin_vale", ["name"] = "Robin Vale" },
            ["users"] = users,
            ["following"] = new JsonArray(),
            ["dm_events"] = events,
        };
        var path = Path.Combine(Path.GetTempPath(), $"rescoring-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, dump.ToJsonString());
        return path;
    }

    /// <summary>
    /// A pitch minutes after the user followed its sender (3 h before <paramref name="now"/>), then the user's reply and
    /// the sender's personal answer a few minutes after <paramref name="now"/>.
    /// </summary>
    private static string WriteAnsweredDump(DateTime now)
    {
        var conversation = $"{MeId}-{AnsweringSenderId}";
        JsonObject Dm(string sender, string text, DateTime at, int sequence) => new()
        {
            ["id"] = Snowflake(at, sequence),
            ["event_type"] = "MessageCreate",
            ["text"] = text,
            ["sender_id"] = sender,
            ["dm_conversation_id"] = conversation,
            ["created_at"] = Iso(at),
        };
        var dump = new JsonObject
        {
            ["format"] = "autodmguard-mailbox/1",
            ["me"] = new JsonObject { ["id"] = MeId, ["username"] = "robin_vale", ["name"] = "Robin Vale" },
            ["users"] = new JsonArray(new JsonObject
            {
                ["id"] = AnsweringSenderId,
                ["username"] = "kai_grows",
                ["name"] = "Kai",
                ["description"] = "Gardens, bikes, weekly notes.",
                ["created_at"] = Iso(now.AddYears(-4)),
                ["verified"] = false,
                ["protected"] = false,
                ["public_metrics"] = new JsonObject { ["followers_count"] = 410, ["following_count"] = 380, ["tweet_count"] = 2100, ["listed_count"] = 3 },
            }),
            ["following"] = new JsonArray(new JsonObject { ["user_id"] = AnsweringSenderId, ["followed_at"] = Iso(now.AddHours(-3).AddMinutes(-2)) }),
            ["dm_events"] = new JsonArray(
                Dm(AnsweringSenderId, "Thanks for following! Subscribe to my newsletter for weekly growth tips and a free guide: https://t.co/gr0w12", now.AddHours(-3), 0),
                Dm(MeId, "thanks! what is the newsletter about, gardening?", now.AddMinutes(2), 1),
                Dm(AnsweringSenderId, "ha, mostly my allotment and the bike repairs, nothing fancy. how did the move go last week?", now.AddMinutes(5), 2)),
        };
        var path = Path.Combine(Path.GetTempPath(), $"rescoring-answered-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, dump.ToJsonString());
        return path;
    }

    private static string Iso(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Snowflake(DateTime at, int sequence) =>
        (((new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeMilliseconds() - 1288834974657L) << 22) | (long)sequence).ToString(CultureInfo.InvariantCulture);
}
