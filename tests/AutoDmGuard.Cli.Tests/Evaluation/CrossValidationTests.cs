using System.Globalization;
using AutoDmGuard.Cli;
using AutoDmGuard.Core;
using AutoDmGuard.MailboxDump;
using AutoDmGuard.Cli.Evaluation;
using Xunit.Abstractions;

namespace AutoDmGuard.Cli.Tests.Evaluation;

/// <summary>
/// Issue 10: generalization measured leave-repositories-out on realistic inboxes built from ../shared/corpus/public
/// (read in place), and the model in the repository reproducible by `autodmguard train`.
/// </summary>
public class CrossValidationTests(ITestOutputHelper output)
{
    private static List<LabeledText> Items() => EvaluationCorpus.Load(CorpusLocator.Require());

    [Fact]
    public void Leave_repositories_out_meets_precision_and_recall_targets()
    {
        var results = CrossValidation.Run(Items(), CrossValCommand.DefaultFolds, CrossValCommand.DefaultSeed, output.WriteLine);
        var (precision, recall, _, fp, fn) = CrossValidation.Score(results.Select(r => (r.Fitted.Flagged, r.Item.Automated)));
        var realAuto = results.Where(r => r.Item.Category == "real-auto-dm").ToList();
        var realRecall = realAuto.Count(r => r.Fitted.Flagged) / (double)realAuto.Count;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"held-out: precision {precision:0.000} recall {recall:0.000} ({fp} false flags, {fn} misses); real auto-DM first messages recall {realRecall:0.000}"));
        Assert.True(precision >= 0.98, $"precision {precision:0.000} < 0.98");
        Assert.True(recall >= 0.93, $"recall {recall:0.000} < 0.93");
        Assert.True(realRecall >= 0.9, $"real auto-DM recall {realRecall:0.000} < 0.9");

        // The same inboxes as the app's first read sees them: no follow time known, so no timing signal, and precision
        // holds (recall is reported, not held to the target: without timing it is lower, docs/classifier.md).
        var (firstReadPrecision, firstReadRecall, _, _, _) = CrossValidation.Score(results.Select(r => (r.NoFollowTimes.Flagged, r.Item.Automated)));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"no follow times known: precision {firstReadPrecision:0.000} recall {firstReadRecall:0.000}"));
        Assert.Contains(results, r => r.Fitted.Reasons.Any(h => h.Signal.StartsWith("dm-within-", StringComparison.Ordinal)));
        Assert.DoesNotContain(results, r => r.NoFollowTimes.Reasons.Any(h => h.Signal.StartsWith("dm-within-", StringComparison.Ordinal)));
        Assert.True(firstReadPrecision >= 0.98, $"precision without follow times {firstReadPrecision:0.000} < 0.98");
    }

    [Fact]
    public void Every_group_lands_in_exactly_one_fold_and_every_fold_gets_each_kind()
    {
        var items = Items();
        var groups = items.Select(i => i.Group).Distinct(StringComparer.Ordinal).ToList();

        var folds = Folds.Assign(groups, 5, seed: 1);

        Assert.Equal(groups.Count, folds.Count);
        Assert.All(folds.Values, f => Assert.InRange(f, 0, 4));
        foreach (var kind in new[] { "repo:", "spam:", "ham:", "own:", "own-auto:" })
        {
            Assert.Equal(5, folds.Where(kv => kv.Key.StartsWith(kind, StringComparison.Ordinal)).Select(kv => kv.Value).Distinct().Count());
        }

        // Repositories holding near-duplicate templates (forks) stay whole: a repo's texts never straddle two folds.
        Assert.All(items.GroupBy(i => i.Group), g => Assert.Single(g.Select(i => folds[i.Group]).Distinct()));
    }

    [Fact]
    public void Realistic_inboxes_send_each_group_from_one_sender_per_inbox_with_placeholders_filled()
    {
        var items = Items().Where(i => i.Automated).ToList();

        var inboxes = RealisticInbox.Build(items, 6, seed: 3);

        Assert.Equal(items.Count, inboxes.Sum(b => b.Truth.Count));
        foreach (var inbox in inboxes)
        {
            var senderByGroup = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var m in inbox.Mailbox.Messages.Where(m => inbox.Truth.ContainsKey(m.EventId)))
            {
                var group = inbox.Truth[m.EventId].Item.Group;
                Assert.Equal(senderByGroup.TryAdd(group, m.SenderId) ? m.SenderId : senderByGroup[group], m.SenderId);
                Assert.DoesNotContain("${name}", m.Text, StringComparison.Ordinal);
                Assert.DoesNotContain("${dayName}", m.Text, StringComparison.Ordinal);
            }

            Assert.Equal(senderByGroup.Count, senderByGroup.Values.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public void Realistic_inboxes_know_some_follows_only_as_windows_as_long_as_the_apps()
    {
        // Auto senders write 5 s - 15 min or over an hour after the follow; a first DM 15-60 min after the follow time
        // the classifier is told can only come from a window (the app's previous look at the following list).
        var inboxes = RealisticInbox.Build(Items().Where(i => i.Automated).ToList(), 6, seed: 3);

        var bounds = inboxes.SelectMany(b => b.Mailbox.Messages
                .Where(m => b.Truth.ContainsKey(m.EventId))
                .GroupBy(m => m.SenderId, StringComparer.Ordinal)
                .Select(g => (First: g.Min(m => m.CreatedAtUtc), Followed: b.Mailbox.Context.FollowedAtByUserId[g.Key])))
            .Where(x => x.Followed is not null)
            .Select(x => x.First - x.Followed!.Value)
            .ToList();

        Assert.All(bounds, d => Assert.True(d > TimeSpan.Zero, $"a follow time after its first DM ({d})"));
        Assert.Contains(bounds, d => d > TimeSpan.FromMinutes(15) && d < TimeSpan.FromMinutes(60));
        Assert.Contains(bounds, d => d <= TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Placeholders_take_the_readers_name_and_the_weekday_in_the_texts_language()
    {
        var friday = new DateTime(2026, 3, 6, 10, 0, 0, DateTimeKind.Utc);

        Assert.Equal("Hola Ana, feliz viernes", RealisticInbox.Fill("Hola ${name}, feliz ${dayName}", "Ana", "ana_1", "es", friday));
        Assert.Equal("Hi @ana_1 and Ana", RealisticInbox.Fill("Hi @{username} and {}", "Ana", "ana_1", "en", friday));
        Assert.Equal("see https://example.com/channelname", RealisticInbox.Fill("see ${channelName}", "Ana", "ana_1", "en", friday));
    }

    [Fact]
    public void The_model_in_the_repository_is_what_train_produces()
    {
        var items = Items();

        var model = ModelTrainer.Fit(items, CrossValCommand.DefaultSeed);
        var reloaded = ClassifierModel.FromJson(model.ToJson(), model.Text.ToJson());

        // Compared after the same rounding the file gets; a changed rule, feature or training text shows up here
        // until `autodmguard train --out src/AutoDmGuard.Core/Model/classifier-model.json` is run and reviewed.
        Assert.Equal(ClassifierModel.Default.Version, reloaded.Version);
        Assert.Equal(ClassifierModel.Default.FlagThreshold, ClassifierOptions.Default.FlagThreshold);
    }

    [Fact]
    public void Fitting_is_deterministic()
    {
        var items = Items().Where((_, i) => i % 3 == 0).ToList();

        var a = ModelTrainer.Fit(items, 5);
        var b = ModelTrainer.Fit(items, 5);

        Assert.Equal(a.ToJson(), b.ToJson());
        Assert.Equal(a.Text.ToJson(), b.Text.ToJson());
    }
}
