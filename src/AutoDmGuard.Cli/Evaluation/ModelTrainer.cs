using System.Globalization;
using AutoDmGuard.Core;

namespace AutoDmGuard.Cli.Evaluation;

/// <summary>
/// Fits the classifier's combination on realistic inboxes built from the given texts: the features of every received
/// DM (fresh template index per inbox), a logistic regression pulled towards the hand-set priors, and the flag
/// threshold chosen on out-of-fold predictions (grouped inner folds) as the lowest that keeps precision at
/// <see cref="ThresholdPrecision"/>.
/// </summary>
internal static class ModelTrainer
{
    public const double Lambda = 2.0;
    public const double ThresholdPrecision = 0.99;
    public const int InnerFolds = 4;
    public const int TextsPerInbox = 350;

    public static ClassifierModel Fit(IReadOnlyList<LabeledText> items, int seed)
    {
        var rows = Rows(items, seed);
        var names = ModelFeatures.Fitted.ToArray();
        var priors = names.Select(n => ModelFeatures.Priors[n]).ToArray();

        // Threshold: out-of-fold scores of inner folds that split by group like the outer ones.
        var groups = rows.Select(r => r.Group).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var foldOf = Folds.Assign(groups, InnerFolds, seed + 7919);
        var oof = new List<(double P, bool Label)>();
        for (var k = 0; k < InnerFolds; k++)
        {
            var train = rows.Where(r => foldOf[r.Group] != k).Select(r => r.Row).ToList();
            var (b, w) = LogisticFit.Fit(train, ClassifierModel.Prior.Bias, priors, Lambda);
            oof.AddRange(rows.Where(r => foldOf[r.Group] == k).Select(r => (LogisticFit.Predict(r.Row, b, w), r.Row.Label)));
        }

        var threshold = ChooseThreshold(oof);
        var (bias, weights) = LogisticFit.Fit([.. rows.Select(r => r.Row)], ClassifierModel.Prior.Bias, priors, Lambda);
        return new ClassifierModel(bias, names.Select((n, i) => (n, weights[i])).ToDictionary(x => x.n, x => x.Item2, StringComparer.Ordinal), threshold);
    }

    /// <summary>The lowest threshold (0.30 … 0.95, step 0.01) whose precision on <paramref name="scored"/> is at least <see cref="ThresholdPrecision"/>.</summary>
    public static double ChooseThreshold(IReadOnlyList<(double P, bool Label)> scored)
    {
        for (var t = 30; t <= 95; t++)
        {
            var threshold = t / 100.0;
            int tp = 0, fp = 0;
            foreach (var (p, label) in scored)
            {
                if (p >= threshold)
                {
                    if (label)
                    {
                        tp++;
                    }
                    else
                    {
                        fp++;
                    }
                }
            }

            if (tp + fp > 0 && (double)tp / (tp + fp) >= ThresholdPrecision)
            {
                return threshold;
            }
        }

        return 0.95;
    }

    public static int InboxCountFor(int texts) => Math.Max(3, (texts + TextsPerInbox - 1) / TextsPerInbox);

    private static List<(LogisticFit.Row Row, string Group)> Rows(IReadOnlyList<LabeledText> items, int seed)
    {
        var index = ModelFeatures.Fitted.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        var rows = new List<(LogisticFit.Row, string)>();
        foreach (var inbox in RealisticInbox.Build(items, InboxCountFor(items.Count), seed))
        {
            var m = inbox.Mailbox;
            foreach (var dm in new InboxClassifier(new TemplateIndex(), new ClassifierOptions { Model = ClassifierModel.Prior }).ExtractFeatures(m.Messages, m.Users, m.Context))
            {
                var (item, _) = inbox.Truth[dm.EventId];
                var features = new Dictionary<int, double>();
                foreach (var (name, value) in dm.Values)
                {
                    var i = index[name];
                    features[i] = features.GetValueOrDefault(i) + value;
                }

                var keys = features.Keys.Order().ToArray();
                rows.Add((new LogisticFit.Row(keys, [.. keys.Select(k => features[k])], item.Automated), item.Group));
            }
        }

        return rows;
    }

    public static string Describe(ClassifierModel model) =>
        string.Create(CultureInfo.InvariantCulture, $"bias {model.Bias:0.000}, threshold {model.FlagThreshold:0.00}, version {model.Version}");
}

/// <summary>Grouped fold assignment: each group lands in one fold; groups of each kind (prefix before ':') are dealt round-robin after a seeded shuffle.</summary>
internal static class Folds
{
    public static Dictionary<string, int> Assign(IReadOnlyList<string> groups, int k, int seed)
    {
        var random = new Random(seed);
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var kind in groups.GroupBy(g => g[..Math.Max(0, g.IndexOf(':', StringComparison.Ordinal))], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var shuffled = kind.Order(StringComparer.Ordinal).ToArray();
            random.Shuffle(shuffled);
            for (var i = 0; i < shuffled.Length; i++)
            {
                result[shuffled[i]] = i % k;
            }
        }

        return result;
    }
}
