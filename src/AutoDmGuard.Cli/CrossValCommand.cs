using System.Globalization;
using AutoDmGuard.Cli.Evaluation;
using AutoDmGuard.Core;
using AutoDmGuard.MailboxDump;

namespace AutoDmGuard.Cli;

/// <summary>`autodmguard crossval`: leave-repositories-out evaluation on realistic inboxes, then the dev inbox.</summary>
internal static class CrossValCommand
{
    public const int DefaultFolds = 5;
    public const int DefaultSeed = 1;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!CorpusOptions.TryParse(args, stderr, out var corpus, out var folds, out var seed, out _))
        {
            return CliApp.Error;
        }

        var items = EvaluationCorpus.Load(corpus);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"leave-groups-out, {folds} folds, seed {seed}: {items.Count} texts in {items.Select(i => i.Group).Distinct().Count()} groups ({items.Count(i => i.Automated)} automated)"));
        var results = CrossValidation.Run(items, folds, seed, stdout.WriteLine);
        stdout.WriteLine();
        CrossValidation.Write(results, stdout);

        var dev = Path.Combine(corpus, "dev-mailbox.json");
        var labels = Path.Combine(corpus, "dev-labels.jsonl");
        if (File.Exists(dev) && File.Exists(labels))
        {
            var mailbox = DumpReader.Read(dev);
            var verdicts = new InboxClassifier().Classify(mailbox.Messages, mailbox.Users, mailbox.Context).Messages;
            var report = EvalReport.Build(verdicts, LabelReader.Read(labels));
            stdout.WriteLine();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dev inbox with the repository's model ({ModelTrainer.Describe(ClassifierModel.Default)}): precision {report.Precision:0.000} recall {report.Recall:0.000} F1 {report.F1:0.000}"));
        }

        return CliApp.Ok;
    }
}

/// <summary>`autodmguard train`: fits the model on every text and writes Model/classifier-model.json.</summary>
internal static class TrainCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!CorpusOptions.TryParse(args, stderr, out var corpus, out _, out var seed, out var outPath))
        {
            return CliApp.Error;
        }

        var items = EvaluationCorpus.Load(corpus);
        var model = ModelTrainer.Fit(items, seed);
        var json = Json(model, items, seed);
        if (outPath is null)
        {
            stdout.Write(json);
            stdout.Write(model.Text.ToJson());
        }
        else
        {
            // The word model sits next to the weights (Model/text-model.json).
            var textPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outPath))!, "text-model.json");
            File.WriteAllText(outPath, json);
            File.WriteAllText(textPath, model.Text.ToJson());
            stderr.WriteLine($"wrote {outPath} and {textPath}: {ModelTrainer.Describe(model)}, {model.Text.Buckets.Count} word buckets");
        }

        return CliApp.Ok;
    }

    public static string Json(ClassifierModel model, IReadOnlyList<LabeledText> items, int seed) =>
        model.ToJson(new Dictionary<string, string>
        {
            ["how"] = "autodmguard train --seed " + seed.ToString(CultureInfo.InvariantCulture) + " --out src/AutoDmGuard.Core/Model/classifier-model.json (docs/classifier.md)",
            ["data"] = string.Create(CultureInfo.InvariantCulture, $"{items.Count} texts ({items.Count(i => i.Automated)} automated) in realistic inboxes from ../shared/corpus/public and the project's hard negatives"),
            ["fit"] = string.Create(CultureInfo.InvariantCulture, $"logistic regression, L2 {ModelTrainer.Lambda} towards the hand-set priors; threshold: lowest with out-of-fold precision >= {ModelTrainer.ThresholdPrecision} ({ModelTrainer.InnerFolds} grouped folds)"),
        });
}

internal static class CorpusOptions
{
    public static bool TryParse(string[] args, TextWriter stderr, out string corpus, out int folds, out int seed, out string? outPath)
    {
        corpus = string.Empty;
        folds = CrossValCommand.DefaultFolds;
        seed = CrossValCommand.DefaultSeed;
        outPath = null;
        string? given = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--corpus" when value is not null:
                    given = value;
                    i++;
                    break;
                case "--out" when value is not null:
                    outPath = value;
                    i++;
                    break;
                case "--folds" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k is >= 2 and <= 20:
                    folds = k;
                    i++;
                    break;
                case "--seed" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s):
                    seed = s;
                    i++;
                    break;
                default:
                    CliApp.UsageError(stderr, $"bad option \"{args[i]}\"");
                    return false;
            }
        }

        var found = given ?? EvaluationCorpus.Find(Directory.GetCurrentDirectory());
        if (found is null || !Directory.Exists(found))
        {
            CliApp.UsageError(stderr, "shared/corpus not found above the current directory; pass --corpus <dir>");
            return false;
        }

        if (!EvaluationCorpus.HasTexts(found))
        {
            CliApp.UsageError(stderr, $"{found}: public/real-autodm-texts.jsonl and public/SMSSpamCollection.tsv are needed");
            return false;
        }

        corpus = found;
        return true;
    }
}
