using System.Globalization;
using AutoDmGuard.Core;
using AutoDmGuard.MailboxDump;

namespace AutoDmGuard.Cli;

/// <summary>Message-level and sender-level quality of a set of verdicts against labels.</summary>
internal sealed class EvalReport
{
    private readonly List<(DmVerdict Verdict, DmLabel Label)> _pairs = [];

    public int Unlabeled { get; private set; }

    public List<string> LabelsWithoutEvent { get; } = [];

    public int TruePositives => _pairs.Count(p => p.Label.Automated && p.Verdict.Flagged);

    public int FalsePositives => _pairs.Count(p => !p.Label.Automated && p.Verdict.Flagged);

    public int FalseNegatives => _pairs.Count(p => p.Label.Automated && !p.Verdict.Flagged);

    public int TrueNegatives => _pairs.Count(p => !p.Label.Automated && !p.Verdict.Flagged);

    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static EvalReport Build(IReadOnlyList<DmVerdict> verdicts, IReadOnlyDictionary<string, DmLabel> labels)
    {
        var report = new EvalReport();
        var scored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in verdicts)
        {
            scored.Add(v.EventId);
            if (labels.TryGetValue(v.EventId, out var label))
            {
                report._pairs.Add((v, label));
            }
            else
            {
                report.Unlabeled++;
            }
        }

        report.LabelsWithoutEvent.AddRange(labels.Keys.Where(k => !scored.Contains(k)).Order(StringComparer.Ordinal));
        return report;
    }

    public void Write(string name, TextWriter o)
    {
        var auto = _pairs.Count(p => p.Label.Automated);
        o.WriteLine(name);
        o.WriteLine(Inv($"messages: {_pairs.Count} labeled (auto {auto}, personal {_pairs.Count - auto}), unlabeled {Unlabeled}"));
        o.WriteLine(Inv($"precision {Precision:0.000}  recall {Recall:0.000}  F1 {F1:0.000}"));
        o.WriteLine();
        o.WriteLine("                   flagged  not flagged");
        o.WriteLine(Inv($"actual auto      {TruePositives,8} {FalseNegatives,12}"));
        o.WriteLine(Inv($"actual personal  {FalsePositives,8} {TrueNegatives,12}"));
        WriteSenders(o);
        WriteByCategory(o, "missed auto-DMs by category (false negatives)", p => p.Label.Automated && !p.Verdict.Flagged);
        WriteByCategory(o, "flagged personal DMs by category (false positives)", p => !p.Label.Automated && p.Verdict.Flagged);
    }

    private void WriteSenders(TextWriter o)
    {
        var senders = _pairs.GroupBy(p => p.Verdict.SenderId, StringComparer.Ordinal)
            .Select(g => (Auto: g.Any(p => p.Label.Automated), Flagged: g.Any(p => p.Verdict.Flagged)))
            .ToList();
        int tp = senders.Count(s => s.Auto && s.Flagged), fp = senders.Count(s => !s.Auto && s.Flagged);
        int fn = senders.Count(s => s.Auto && !s.Flagged), tn = senders.Count(s => !s.Auto && !s.Flagged);
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        o.WriteLine();
        o.WriteLine(Inv($"senders (flagged = any DM flagged): {senders.Count}; precision {precision:0.000}  recall {recall:0.000}"));
        o.WriteLine(Inv($"  auto senders flagged {tp}, missed {fn}; personal senders flagged {fp}, clear {tn}"));
    }

    private void WriteByCategory(TextWriter o, string title, Func<(DmVerdict Verdict, DmLabel Label), bool> filter)
    {
        var groups = _pairs.Where(filter)
            .GroupBy(p => p.Label.Category, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        o.WriteLine();
        o.WriteLine(groups.Count == 0 ? title + ": none" : title + ":");
        foreach (var g in groups)
        {
            var total = _pairs.Count(p => p.Label.Category == g.Key);
            var events = string.Join(' ', g.Select(p => Inv($"{p.Verdict.EventId}({p.Verdict.Score:0.00})")));
            o.WriteLine(Inv($"  {g.Key,-45} {g.Count(),3} of {total,-3} {events}"));
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
