namespace AutoDmGuard.Core;

/// <summary>Sender-level verdict: the sender's strongest DM decides, its reasons explain (a sender's DMs share one label).</summary>
internal static class SenderSummary
{
    public static IReadOnlyList<SenderVerdict> Summarize(IEnumerable<DmVerdict> verdicts, ClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        var result = new List<SenderVerdict>();
        foreach (var group in verdicts.GroupBy(v => v.SenderId, StringComparer.Ordinal))
        {
            var list = group.ToList();
            var top = list.MaxBy(v => v.Score)!;
            var flagged = list.Any(v => v.Flagged);
            result.Add(new SenderVerdict(
                group.Key,
                top.Score,
                flagged && top.Score >= options.FlagThreshold,
                [.. top.Reasons.Take(5)],
                list.Count));
        }

        result.Sort((a, b) => b.Score.CompareTo(a.Score) is var c && c != 0 ? c : string.CompareOrdinal(a.SenderId, b.SenderId));
        return result;
    }
}
