using AutoDmGuard.Core;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Polling;
using AutoDmGuard.Web.Scoring;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDmGuard.Web.Tests.Polling;

/// <summary>
/// The template index shared through the database: app hosts on one database (each its own process-wide index, as two
/// instances or a restart have) count a template across inboxes alike, a restarted host reads the index back instead
/// of classifying stored DMs again, and a capped index evicts whole, least recently matched clusters.
/// </summary>
public sealed class SharedTemplateIndexTests
{
    [Fact]
    public async Task A_template_scored_on_one_host_counts_on_another_host_of_the_same_database()
    {
        await using var a = await PollingAppFactory.StartAsync();
        await using var b = a.WithWebHostBuilder(_ => { });
        using var mira = await a.SignInAsync(a.Sandbox.SignableAccounts[0].Username);
        await PassAsync(a.Services, mira.AccountId);
        var miraSignatures = await a.WithDbAsync(db => db.TemplateSignatures.LongCountAsync());
        Assert.True(miraSignatures > 50, $"{miraSignatures} signatures stored");

        // Theo is scored on host B, which has never seen Mira's inbox in its own process.
        using var theo = await a.SignInAsync(a.Sandbox.SignableAccounts[1].Username);
        await PassAsync(b.Services, theo.AccountId);
        Assert.Equal(miraSignatures, b.Services.GetRequiredService<ClassifierState>().SignaturesRead);

        // B counted Mira's inbox, and named the shared templates as A did: Theo's cross-inbox DMs carry keys Mira's DMs
        // were stored with, and Mira's DMs of those templates are queued for re-scoring (found by key).
        var theoShared = await a.WithDbAsync(db => db.DmScores.AsNoTracking()
            .Where(s => s.AccountId == theo.AccountId && s.TemplateKey != null && s.ReasonsJson.Contains("inboxes"))
            .ToListAsync());
        Assert.NotEmpty(theoShared);
        var miraKeys = await a.WithDbAsync(db => db.DmScores.AsNoTracking()
            .Where(s => s.AccountId == mira.AccountId && s.TemplateKey != null).Select(s => s.TemplateKey!).Distinct().ToListAsync());
        Assert.All(theoShared, s => Assert.Contains(s.TemplateKey!, miraKeys));
        Assert.True(await a.WithDbAsync(db => db.DmScores.AnyAsync(s => s.AccountId == mira.AccountId && s.RescoreQueuedAt != null)));

        // Both hosts read what the other stored; then each counts every received text's template alike.
        await CatchUpAsync(a.Services);
        await CatchUpAsync(b.Services);
        var texts = await ReceivedTextsAsync(a);
        Assert.Equal(Probe(a.Services, texts), Probe(b.Services, texts));
        Assert.Contains(Probe(b.Services, texts), p => p.Signals.Contains("inboxes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restarted_host_reads_the_index_back_and_scores_as_before_the_restart()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var mira = await app.SignInAsync(app.Sandbox.SignableAccounts[0].Username);
        await PassAsync(app.Services, mira.AccountId);
        using var theo = await app.SignInAsync(app.Sandbox.SignableAccounts[1].Username);
        await PassAsync(app.Services, theo.AccountId);

        // Everything re-scored by the running host, then again by a restarted one: the same stored results.
        var before = await RescoreEverythingAsync(app, app.Services, mira.AccountId, theo.AccountId);
        var stored = await app.WithDbAsync(db => db.TemplateSignatures.LongCountAsync());
        await using var restarted = app.WithWebHostBuilder(_ => { });
        var after = await RescoreEverythingAsync(app, restarted.Services, mira.AccountId, theo.AccountId);

        Assert.Equal(before, after);
        Assert.Contains(after, s => s.ReasonsJson.Contains("inboxes", StringComparison.Ordinal));
        var state = restarted.Services.GetRequiredService<ClassifierState>();
        Assert.Equal(stored, state.SignaturesRead);
        Assert.Equal(0, state.DmsReclassified);
        Assert.Equal(stored, await app.WithDbAsync(db => db.TemplateSignatures.LongCountAsync()));
        Assert.Equal(stored, state.Classifier.Index.Count);
    }

    [Fact]
    public async Task A_capped_index_keeps_the_most_recently_matched_clusters_whole_and_their_counts_right()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var mira = await app.SignInAsync(app.Sandbox.SignableAccounts[0].Username);
        await PassAsync(app.Services, mira.AccountId);
        using var theo = await app.SignInAsync(app.Sandbox.SignableAccounts[1].Username);
        await PassAsync(app.Services, theo.AccountId);
        await CatchUpAsync(app.Services);
        var total = await app.WithDbAsync(db => db.TemplateSignatures.CountAsync());
        var full = Clusters(app.Services);
        Assert.Equal(total, full.Sum(c => c.Size));

        // Another host capped below what is stored: reading the rows (in sequence order: the later a cluster's last
        // member, the more recently it was matched) evicts.
        var capacity = total / 2;
        await using var capped = app.WithWebHostBuilder(h => h.ConfigureTestServices(s =>
            s.PostConfigure<ScoringOptions>(o => o.TemplateIndexCapacity = capacity)));
        await CatchUpAsync(capped.Services);
        var state = capped.Services.GetRequiredService<ClassifierState>();
        var kept = Clusters(capped.Services);

        // Kept: whole clusters, most recent first, as many as fit in three quarters of the capacity.
        var room = (int)(capacity * 0.75);
        var expected = new List<string>();
        var used = 0;
        foreach (var c in full.OrderByDescending(c => c.LastSequence))
        {
            if (used + c.Size <= room)
            {
                expected.Add(c.Key);
                used += c.Size;
            }
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), kept.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.All(kept, c => Assert.Equal(full.Single(f => f.Key == c.Key).Size, c.Size));
        Assert.Equal(used, state.Classifier.Index.Count);
        Assert.Equal(total - used, state.EntriesEvicted);
        Assert.Equal(1, state.Evictions);
        Assert.Contains(full, c => c.Size > 1 && expected.Contains(c.Key));
        Assert.Contains(full, c => c.Size > 1 && !expected.Contains(c.Key));

        // A kept cluster counts its senders and inboxes as on the uncapped host; an evicted one is not found. One probe
        // per cluster (probes join the clusters they match, so two probes of one template would count each other).
        var texts = await app.WithDbAsync(async db =>
        {
            var first = full.Where(c => c.Size > 1).Select(c => c.FirstSequence).ToList();
            var dms = await db.TemplateSignatures.AsNoTracking().Where(s => first.Contains(s.Sequence))
                .Join(db.DmEvents, s => new { s.AccountId, s.EventId }, e => new { e.AccountId, e.EventId }, (s, e) => new { s.Sequence, e.Text })
                .ToDictionaryAsync(x => x.Sequence, x => x.Text!);
            return full.Where(c => c.Size > 1).Select(c => (c.Key, Text: dms[c.FirstSequence])).ToList();
        });
        var onFull = Probe(app.Services, [.. texts.Select(t => t.Text)]);
        var onCapped = Probe(capped.Services, [.. texts.Select(t => t.Text)]);
        for (var i = 0; i < texts.Count; i++)
        {
            if (expected.Contains(texts[i].Key))
            {
                Assert.Equal(onFull[i], onCapped[i]);
            }
            else
            {
                Assert.True(onCapped[i].Senders < onFull[i].Senders, $"evicted {texts[i].Key}: {onCapped[i]} vs {onFull[i]}");
            }
        }
    }

    private static async Task PassAsync(IServiceProvider host, string accountId)
    {
        await using var scope = host.CreateAsyncScope();
        var pass = await scope.ServiceProvider.GetRequiredService<PollingPass>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(AccountPollStatus.Polled, pass.For(accountId)?.Status);
    }

    private static async Task CatchUpAsync(IServiceProvider host)
    {
        await using var scope = host.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TemplateIndexSync>().CatchUpAsync(CancellationToken.None);
    }

    private sealed record ClusterRow(string Key, int Size, long FirstSequence, long LastSequence);

    private static List<ClusterRow> Clusters(IServiceProvider host)
    {
        var generation = host.GetRequiredService<ClassifierState>().Current;
        return [.. generation.ClustersByRecency().Select(c => new ClusterRow(generation.StoredKeyOfEntry(c.NamedAfter), c.Sequences.Count, c.Sequences.Min(), c.Sequences.Max()))];
    }

    private static Task<List<string>> ReceivedTextsAsync(PollingAppFactory app) =>
        app.WithDbAsync(db => db.DmEvents.AsNoTracking()
            .Where(e => e.EventType == DmEventTypes.MessageCreate && !e.FromMe && e.Text != null)
            .Select(e => e.Text!).Distinct().OrderBy(t => t).ToListAsync());

    // Each text as a new DM from a new sender in an inbox of its own (never stored): what the host's index counts for it.
    private static List<(int Senders, string Signals)> Probe(IServiceProvider host, List<string> texts)
    {
        var classifier = host.GetRequiredService<ClassifierState>().Classifier;
        var at = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var result = new List<(int, string)>();
        for (var i = 0; i < texts.Count; i++)
        {
            var inbox = "probe-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var context = new InboxContext(inbox, inbox, null, new Dictionary<string, DateTime?>(), [], new FeedbackSet([]));
            var verdict = classifier.Classify([new DmMessage("p", "pc", "probe-sender", texts[i], at)], [], context).Messages.Single();
            result.Add((verdict.TemplateSenderCount, string.Join(" ", verdict.Reasons.Select(r => r.Signal).Where(s => s.StartsWith("template", StringComparison.Ordinal)))));
        }

        return result;
    }

    private sealed record StoredScore(string AccountId, string EventId, double Score, bool Flagged, string ReasonsJson, string? TemplateKey, int TemplateSenderCount);

    private static async Task<List<StoredScore>> RescoreEverythingAsync(PollingAppFactory app, IServiceProvider host, params string[] accountIds)
    {
        await app.WithDbAsync(db => db.DmScores.ExecuteUpdateAsync(u => u.SetProperty(s => s.ClassifierVersion, DmScorer.ClassifierVersion - 1)));
        foreach (var accountId in accountIds)
        {
            var next = (await app.StateAsync(accountId)).NextDmPollAt!.Value;
            app.Clock.SetUtcNow(next > app.Now ? next : app.Now.AddSeconds(1));
        }

        await using (var scope = host.CreateAsyncScope())
        {
            var pass = await scope.ServiceProvider.GetRequiredService<PollingPass>().RunOnceAsync(CancellationToken.None);
            Assert.All(accountIds, id => Assert.Equal(AccountPollStatus.Polled, pass.For(id)?.Status));
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.DmScores.CountAsync(s => s.ClassifierVersion != DmScorer.ClassifierVersion)));
        return await app.WithDbAsync(db => db.DmScores.AsNoTracking()
            .OrderBy(s => s.AccountId).ThenBy(s => s.EventId)
            .Select(s => new StoredScore(s.AccountId, s.EventId, s.Score, s.Flagged, s.ReasonsJson, s.TemplateKey, s.TemplateSenderCount))
            .ToListAsync());
    }
}
