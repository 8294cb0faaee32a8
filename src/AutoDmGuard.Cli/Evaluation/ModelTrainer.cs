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

    public const double TextSmoothing = 1.0;

    /// <summary>
    /// Share of the loss given to each training DM's copy read without the word model (<see cref="Fitting"/>).
    /// </summary>
    public const double WithoutWordsWeight = 0.25;

    public static ClassifierModel Fit(IReadOnlyList<LabeledText> items, int seed)
    {
        var samples = Samples(items, seed);
        var names = ModelFeatures.Fitted.ToArray();
        var priors = names.Select(n => ModelFeatures.Priors[n]).ToArray();
        var textFeature = Array.IndexOf(names, ModelFeatures.TextModelFeature);

        // Inner folds split by group like the outer ones. The word model's value for each DM comes from a word model
        // that did not see its group (stacking), so the weights learn what the word model is worth on unseen text.
        var groups = samples.Select(r => r.Group).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var foldOf = Folds.Assign(groups, InnerFolds, seed + 7919);
        var rows = new LogisticFit.Row[samples.Count];
        for (var k = 0; k < InnerFolds; k++)
        {
            var words = TrainText(samples.Where(r => r.TeachesWords && foldOf[r.Group] != k));
            for (var i = 0; i < samples.Count; i++)
            {
                if (foldOf[samples[i].Group] == k)
                {
                    rows[i] = WithText(samples[i], words, textFeature);
                }
            }
        }

        // Threshold: out-of-fold scores of the same inner folds.
        var oof = new List<(double P, bool Label)>();
        for (var k = 0; k < InnerFolds; k++)
        {
            var train = Fitting(rows.Where((_, i) => foldOf[samples[i].Group] != k), textFeature);
            var (b, w) = LogisticFit.Fit(train, ClassifierModel.Prior.Bias, priors, Lambda);
            oof.AddRange(rows.Where((_, i) => foldOf[samples[i].Group] == k).Select(r => (LogisticFit.Predict(r, b, w), r.Label)));
        }

        var threshold = ChooseThreshold(oof);
        var (bias, weights) = LogisticFit.Fit(Fitting(rows, textFeature), ClassifierModel.Prior.Bias, priors, Lambda);
        return new ClassifierModel(
            bias,
            names.Select((n, i) => (n, weights[i])).ToDictionary(x => x.n, x => x.Item2, StringComparer.Ordinal),
            threshold,
            TrainText(samples.Where(s => s.TeachesWords)));
    }

    /// <summary>
    /// Naive Bayes over the DMs' word buckets (present or not): log((a+α)/(A+2α)) − log((p+α)/(P+2α)) for a bucket in
    /// a of A automated and p of P personal DMs; buckets seen in one DM only, or with |ratio| under 0.1, are dropped.
    /// Rounded to 2 decimals, as stored.
    /// </summary>
    public static TextModel TrainText(IEnumerable<Sample> samples)
    {
        var counts = new Dictionary<int, (int A, int P)>();
        int docsA = 0, docsP = 0;
        foreach (var s in samples)
        {
            if (s.Label)
            {
                docsA++;
            }
            else
            {
                docsP++;
            }

            foreach (var b in s.Buckets)
            {
                var (a, p) = counts.GetValueOrDefault(b);
                counts[b] = s.Label ? (a + 1, p) : (a, p + 1);
            }
        }

        var weights = new Dictionary<int, double>();
        foreach (var (bucket, (a, p)) in counts)
        {
            if (a + p < 2)
            {
                continue;
            }

            var w = Math.Round(
                Math.Log((a + TextSmoothing) / (docsA + (2 * TextSmoothing))) - Math.Log((p + TextSmoothing) / (docsP + (2 * TextSmoothing))),
                2);
            if (Math.Abs(w) >= 0.1)
            {
                weights[bucket] = w;
            }
        }

        return new TextModel(weights);
    }

    /// <summary>
    /// The rows a weight fit sees: every DM as it is, and again (weight <see cref="WithoutWordsWeight"/>) as the word
    /// model reads a language or vocabulary it never learned, i.e. without its value. The word model is learned from
    /// the training texts, nearly all English; without the second copy the fit lets it carry what the rules and the
    /// timing also say ("thanks for following" is in both), so a Turkish or Korean auto-DM, where the word model is
    /// silent, kept only the rules' small leftover weights. Threshold and out-of-fold scores use the real rows only.
    /// </summary>
    internal static List<LogisticFit.Row> Fitting(IEnumerable<LogisticFit.Row> rows, int textFeature)
    {
        var result = new List<LogisticFit.Row>();
        var withoutWords = new List<LogisticFit.Row>();
        foreach (var r in rows)
        {
            result.Add(r);
            var at = Array.IndexOf(r.Features, textFeature);
            withoutWords.Add(at < 0
                ? r with { Weight = WithoutWordsWeight }
                : new LogisticFit.Row([.. r.Features[..at], .. r.Features[(at + 1)..]], [.. r.Values[..at], .. r.Values[(at + 1)..]], r.Label, WithoutWordsWeight));
        }

        result.AddRange(withoutWords);
        return result;
    }

    private static LogisticFit.Row WithText(Sample s, TextModel words, int textFeature)
    {
        var value = words.Value(s.Buckets);
        if (Math.Abs(value) < 0.05)
        {
            return s.Row;
        }

        var at = Array.BinarySearch(s.Row.Features, textFeature);
        if (at >= 0)
        {
            var values = (double[])s.Row.Values.Clone();
            values[at] = value;
            return s.Row with { Values = values };
        }

        var insert = ~at;
        int[] features = [.. s.Row.Features[..insert], textFeature, .. s.Row.Features[insert..]];
        double[] vals = [.. s.Row.Values[..insert], value, .. s.Row.Values[insert..]];
        return new LogisticFit.Row(features, vals, s.Row.Label);
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

    /// <summary>One received DM of a training inbox: its features (without the word model's), word buckets, label, group and whether the word model learns from it (<see cref="LabeledText.TeachesWords"/>).</summary>
    public sealed record Sample(LogisticFit.Row Row, int[] Buckets, string Group, bool TeachesWords)
    {
        public bool Label => Row.Label;
    }

    public static List<Sample> Samples(IReadOnlyList<LabeledText> items, int seed)
    {
        var index = ModelFeatures.Fitted.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        var samples = new List<Sample>();
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
                samples.Add(new Sample(new LogisticFit.Row(keys, [.. keys.Select(k => features[k])], item.Automated), [.. dm.TextBuckets], item.Group, item.TeachesWords));
            }
        }

        return samples;
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
