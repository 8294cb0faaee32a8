using System.Globalization;
using System.Text.Json;
using AutoDmGuard.Core;

namespace AutoDmGuard.Cli.Evaluation;

/// <summary>
/// The texts the realistic inboxes are built from, read at run time from ../shared/corpus/public (never copied into
/// the repository): real auto-DM templates grouped by source repository, SMS spam as automated promo, SMS ham as
/// personal, plus the project's own multilingual auto-DMs (<see cref="OwnAutoDms"/>) and hard negatives (<see cref="HardNegatives"/>).
/// </summary>
internal static class EvaluationCorpus
{
    /// <summary>The nearest `shared/corpus` above <paramref name="start"/> (the repo's parent holds it), or null.</summary>
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (File.Exists(Path.Combine(candidate, "public", "real-autodm-texts.jsonl")))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="corpus"/> holds the texts <see cref="Load"/> reads.</summary>
    public static bool HasTexts(string corpus) => Files(corpus) is var (a, s) && File.Exists(a) && File.Exists(s);

    private static (string AutoDms, string Sms) Files(string corpus) =>
        (Path.Combine(corpus, "public", "real-autodm-texts.jsonl"), Path.Combine(corpus, "public", "SMSSpamCollection.tsv"));

    public static List<LabeledText> Load(string corpus)
    {
        var items = new List<LabeledText>();
        var (autoPath, smsPath) = Files(corpus);

        foreach (var line in File.ReadLines(autoPath))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var text = doc.RootElement.GetProperty("text").GetString() ?? string.Empty;
            var repo = doc.RootElement.GetProperty("repo").GetString() ?? string.Empty;
            items.Add(new LabeledText(text, true, "real-auto-dm", LanguageGuess.Of(text), "repo:" + repo));
        }

        var spam = new List<string>();
        var ham = new List<string>();
        foreach (var line in File.ReadLines(smsPath))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                continue;
            }

            var text = line[(tab + 1)..];
            (line.AsSpan(0, tab).SequenceEqual("spam") ? spam : ham).Add(text);
        }

        AddClustered(items, spam, automated: true, "sms-spam-promo", "spam:");
        AddClustered(items, ham, automated: false, "sms-ham", "ham:");
        items.AddRange(OwnAutoDms.All());
        items.AddRange(HardNegatives.All());
        return items;
    }

    // Near-duplicate SMS (one campaign's variants, one person's recurring phrasing) form one group, so a fold never
    // trains on a copy of what it is tested on. The clusters are the template index's own.
    private static void AddClustered(List<LabeledText> items, List<string> texts, bool automated, string category, string prefix)
    {
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var messages = texts.Select((t, i) =>
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            return new DmMessage(id, "c-" + id, "s" + id, t, t0.AddSeconds(i));
        }).ToList();
        var context = new InboxContext("me", "me", null, new Dictionary<string, DateTime?>(), [], FeedbackSet.Empty);
        var verdicts = new InboxClassifier(new TemplateIndex(), new ClassifierOptions { Model = ClassifierModel.Prior }).Classify(messages, [], context).Messages;
        foreach (var v in verdicts)
        {
            var i = int.Parse(v.EventId, CultureInfo.InvariantCulture);
            items.Add(new LabeledText(texts[i], automated, category, "en", prefix + (v.TemplateKey ?? v.EventId)));
        }
    }
}
