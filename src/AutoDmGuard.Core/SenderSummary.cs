namespace AutoDmGuard.Core;

/// <summary>Sender-level verdict: the sender's strongest DM decides, its reasons explain (a sender's DMs share one label).</summary>
internal static class SenderSummary
{
    private const int TopReasons = 5;

    public static IReadOnlyList<SenderAssessment> Summarize(IEnumerable<DmVerdict> verdicts, ClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        // A veto is the sender's (allowlist, mark): any of their DMs carrying one vetoes the sender.
        var bySender = new Dictionary<string, (DmVerdict Top, int Count, bool Vetoed)>(StringComparer.Ordinal);
        foreach (var v in verdicts)
        {
            bySender[v.SenderId] = bySender.TryGetValue(v.SenderId, out var s)
                ? (v.Score > s.Top.Score ? v : s.Top, s.Count + 1, s.Vetoed || v.Vetoed)
                : (v, 1, v.Vetoed);
        }

        var result = new List<SenderAssessment>(bySender.Count);
        foreach (var (senderId, s) in bySender)
        {
            var reasons = s.Top.Reasons.Count <= TopReasons ? s.Top.Reasons : s.Top.Reasons.Take(TopReasons).ToArray();
            result.Add(new SenderAssessment(senderId, s.Top.Score, FlagRule.IsFlagged(s.Top.Score, options.FlagThreshold, s.Vetoed), reasons, s.Count)
            {
                Vetoed = s.Vetoed,
            });
        }

        result.Sort(static (a, b) => b.Score.CompareTo(a.Score) is var c && c != 0 ? c : string.CompareOrdinal(a.SenderId, b.SenderId));
        return result;
    }
}
