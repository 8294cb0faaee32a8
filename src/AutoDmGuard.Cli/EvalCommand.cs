using System.Globalization;
using AutoDmGuard.Core;
using AutoDmGuard.MailboxDump;

namespace AutoDmGuard.Cli;

internal static class EvalCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var baseline = false;
        double? threshold = null;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--baseline":
                    baseline = true;
                    break;
                case "--threshold" when i + 1 < args.Length
                    && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t is >= 0 and <= 1:
                    threshold = t;
                    i++;
                    break;
                case var a when a.StartsWith('-'):
                    return CliApp.UsageError(stderr, $"eval: bad option \"{a}\"");
                default:
                    files.Add(args[i]);
                    break;
            }
        }

        if (files.Count != 2)
        {
            return CliApp.UsageError(stderr, "eval takes two files: the dump and its labels");
        }

        var mailbox = DumpReader.Read(files[0]);
        var labels = LabelReader.Read(files[1]);
        var options = threshold is { } th ? new ClassifierOptions { FlagThreshold = th } : ClassifierOptions.Default;
        IReadOnlyList<DmVerdict> verdicts;
        string name;
        if (baseline)
        {
            name = "keyword baseline";
            verdicts = [.. mailbox.Messages
                .Where(m => m.SenderId != mailbox.Context.MeId)
                .Select(m => KeywordBaseline.IsAutomated(m.Text)
                    ? new DmVerdict(m.EventId, m.SenderId, 1, true, [], null, 0)
                    : new DmVerdict(m.EventId, m.SenderId, 0, false, [], null, 0))];
        }
        else
        {
            name = string.Create(CultureInfo.InvariantCulture, $"AutoDmGuard classifier (flag threshold {options.FlagThreshold:0.00})");
            verdicts = new InboxClassifier(options: options).Classify(mailbox.Messages, mailbox.Users, mailbox.Context).Messages;
        }

        var report = EvalReport.Build(verdicts, labels);
        foreach (var unknown in report.LabelsWithoutEvent)
        {
            stderr.WriteLine($"warning: label for {unknown} has no received MessageCreate in the dump");
        }

        report.Write(name, stdout);
        return CliApp.Ok;
    }
}
