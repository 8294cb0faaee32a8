using System.Globalization;
using AutoDmGuard.Core;

namespace AutoDmGuard.Cli.Evaluation;

/// <summary>
/// One scored DM of a held-out fold: the text it came from, its category, and the verdicts being compared
/// (<paramref name="Unread"/>: the fitted model with its word model silent, as on a language the word model never learned;
/// <paramref name="NoFollowTimes"/>: the fitted model on the same inbox with every follow's time unknown, as the app's
/// first read of an account sees it).
/// </summary>
internal sealed record HeldOutDm(LabeledText Item, string Category, DmVerdict Fitted, DmVerdict Prior, bool Keyword, int Fold, DmVerdict Unread, DmVerdict NoFollowTimes);

/// <summary>
/// Leave-groups-out evaluation: the groups (bot repositories, SMS clusters, our hard negatives) are dealt into k folds;
/// for each fold the model is fitted (weights and threshold, <see cref="ModelTrainer"/>) on inboxes built from the other
/// folds only, then scores inboxes built from the held-out fold's texts, which it has never seen.
/// </summary>
internal static class CrossValidation
{
    public static List<HeldOutDm> Run(IReadOnlyList<LabeledText> items, int folds, int seed, Action<string>? log = null)
    {
        var groups = items.Select(i => i.Group).Distinct(StringComparer.Ordinal).ToList();
        var foldOf = Folds.Assign(groups, folds, seed);
        var results = new List<HeldOutDm>();
        for (var f = 0; f < folds; f++)
        {
            var train = items.Where(i => foldOf[i.Group] != f).ToList();
            var test = items.Where(i => foldOf[i.Group] == f).ToList();
            var model = ModelTrainer.Fit(train, seed + f);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"fold {f}: trained on {train.Count} texts, testing {test.Count}; {ModelTrainer.Describe(model)}"));
            var fitted = new ClassifierOptions { Model = model };
            var prior = new ClassifierOptions { Model = ClassifierModel.Prior };

            // The word model is learned from nearly all-English texts: scoring the held-out inboxes without it shows
            // what rules, structure and timing carry on their own, as in a language the word model cannot read.
            var unread = new ClassifierOptions { Model = new ClassifierModel(model.Bias, model.Weights, model.FlagThreshold, TextModel.Empty) };
            foreach (var inbox in RealisticInbox.Build(test, ModelTrainer.InboxCountFor(test.Count), seed + 1000 + f))
            {
                var m = inbox.Mailbox;
                var a = new InboxClassifier(new TemplateIndex(), fitted).Classify(m.Messages, m.Users, m.Context).Messages;
                var b = new InboxClassifier(new TemplateIndex(), prior).Classify(m.Messages, m.Users, m.Context).Messages.ToDictionary(v => v.EventId, StringComparer.Ordinal);
                var c = new InboxClassifier(new TemplateIndex(), unread).Classify(m.Messages, m.Users, m.Context).Messages.ToDictionary(v => v.EventId, StringComparer.Ordinal);
                var d = new InboxClassifier(new TemplateIndex(), fitted).Classify(m.Messages, m.Users, WithoutFollowTimes(m.Context)).Messages.ToDictionary(v => v.EventId, StringComparer.Ordinal);
                var texts = m.Messages.ToDictionary(x => x.EventId, x => x.Text, StringComparer.Ordinal);
                foreach (var v in a)
                {
                    var (item, category) = inbox.Truth[v.EventId];
                    results.Add(new HeldOutDm(item, category, v, b[v.EventId], KeywordBaseline.IsAutomated(texts[v.EventId]), f, c[v.EventId], d[v.EventId]));
                }
            }
        }

        return results;
    }

    /// <summary>
    /// The inbox as the app reads it the first time it polls an account: every follow is on the following list, but X
    /// gives no follow times, so none is known (a follow the app sees appear later gets its window; these predate it).
    /// </summary>
    internal static InboxContext WithoutFollowTimes(InboxContext context) =>
        context with { FollowedAtByUserId = context.FollowedAtByUserId.ToDictionary(kv => kv.Key, _ => (DateTime?)null, StringComparer.Ordinal) };

    /// <summary>Precision and recall of flags over <paramref name="dms"/>.</summary>
    public static (double Precision, double Recall, int Tp, int Fp, int Fn) Score(IEnumerable<(bool Flagged, bool Automated)> dms)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var (flagged, automated) in dms)
        {
            if (flagged && automated)
            {
                tp++;
            }
            else if (flagged)
            {
                fp++;
            }
            else if (automated)
            {
                fn++;
            }
        }

        return (tp + fp == 0 ? 1 : (double)tp / (tp + fp), tp + fn == 0 ? 1 : (double)tp / (tp + fn), tp, fp, fn);
    }

    public static void Write(IReadOnlyList<HeldOutDm> results, TextWriter o)
    {
        string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        var auto = results.Count(r => r.Item.Automated);
        o.WriteLine(Inv($"held-out DMs: {results.Count} (auto {auto}, personal {results.Count - auto})"));
        o.WriteLine();
        o.WriteLine("| model | precision | recall | F1 | personal flagged | auto missed |");
        o.WriteLine("|---|---|---|---|---|---|");
        void Line(string name, Func<HeldOutDm, bool> flagged)
        {
            var (p, r, _, fp, fn) = Score(results.Select(x => (flagged(x), x.Item.Automated)));
            o.WriteLine(Inv($"| {name} | {p:0.000} | {r:0.000} | {(p + r == 0 ? 0 : 2 * p * r / (p + r)):0.000} | {fp} | {fn} |"));
        }

        Line("fitted (per fold)", x => x.Fitted.Flagged);
        Line("fitted, word model silent (as in a language it never learned)", x => x.Unread.Flagged);
        Line("fitted, no follow times known (as in the app's first read of an account)", x => x.NoFollowTimes.Flagged);
        Line("hand-set priors, threshold 0.6", x => x.Prior.Flagged);
        Line("keyword baseline", x => x.Keyword);

        o.WriteLine();
        o.WriteLine("per category (fitted; the last two columns with no follow times known):");
        o.WriteLine();
        o.WriteLine("| category | kind | DMs | flagged | share flagged | flagged, no follow times | share |");
        o.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var g in results.GroupBy(r => (r.Category, r.Item.Automated)).OrderBy(g => !g.Key.Automated).ThenBy(g => g.Key.Category, StringComparer.Ordinal))
        {
            var flagged = g.Count(x => x.Fitted.Flagged);
            var firstRead = g.Count(x => x.NoFollowTimes.Flagged);
            o.WriteLine(Inv($"| {g.Key.Category} | {(g.Key.Automated ? "auto" : "personal")} | {g.Count()} | {flagged} | {(double)flagged / g.Count():0.000} | {firstRead} | {(double)firstRead / g.Count():0.000} |"));
        }

        o.WriteLine();
        o.WriteLine("per language (fitted; recall over auto-DMs, flags over personal DMs):");
        o.WriteLine();
        o.WriteLine("| language | auto | recall | personal | flagged |");
        o.WriteLine("|---|---|---|---|---|");
        foreach (var g in results.GroupBy(r => r.Item.Language).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var a = g.Where(x => x.Item.Automated).ToList();
            var p = g.Where(x => !x.Item.Automated).ToList();
            var recall = a.Count == 0 ? "—" : Inv($"{(double)a.Count(x => x.Fitted.Flagged) / a.Count:0.000}");
            o.WriteLine(Inv($"| {g.Key} | {a.Count} | {recall} | {p.Count} | {p.Count(x => x.Fitted.Flagged)} |"));
        }

        o.WriteLine();
        WriteCalibration(results.Select(r => (r.Fitted.Score, r.Item.Automated)).ToList(), o);

        var misses = results.Where(r => r.Item.Automated != r.Fitted.Flagged).OrderBy(r => r.Item.Automated).ThenByDescending(r => r.Fitted.Score).ToList();
        o.WriteLine();
        o.WriteLine(Inv($"errors ({misses.Count}): score, category, strongest reasons"));
        foreach (var r in misses.Take(60))
        {
            var reasons = string.Join(", ", r.Fitted.Reasons.Take(4).Select(h => Inv($"{h.Signal} {h.Weight:+0.00;-0.00}")));
            o.WriteLine(Inv($"  {(r.Item.Automated ? "missed" : "FALSE FLAG")} {r.Fitted.Score:0.00} {r.Category} [{r.Item.Language}] fold {r.Fold}: {reasons}"));
        }
    }

    /// <summary>Reliability table (predicted vs observed by score bin) and Brier score.</summary>
    public static void WriteCalibration(IReadOnlyList<(double Score, bool Automated)> scored, TextWriter o)
    {
        string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        var brier = scored.Average(s => Math.Pow(s.Score - (s.Automated ? 1 : 0), 2));
        o.WriteLine(Inv($"calibration (fitted, held-out): Brier score {brier:0.0000}"));
        o.WriteLine();
        o.WriteLine("| score bin | DMs | mean score | share automated |");
        o.WriteLine("|---|---|---|---|");
        for (var b = 0; b < 10; b++)
        {
            double lo = b / 10.0, hi = (b + 1) / 10.0;
            var bin = scored.Where(s => s.Score >= lo && (s.Score < hi || (b == 9 && s.Score <= 1))).ToList();
            if (bin.Count == 0)
            {
                continue;
            }

            o.WriteLine(Inv($"| {lo:0.0}-{hi:0.0} | {bin.Count} | {bin.Average(s => s.Score):0.000} | {bin.Count(s => s.Automated) / (double)bin.Count:0.000} |"));
        }
    }
}
