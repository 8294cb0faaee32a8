namespace AutoDmGuard.Core.Tests;

/// <summary>Verdicts as text, for tests that compare two runs: every field a caller can see, weights round-tripped.</summary>
internal static class VerdictText
{
    public static List<string> Describe(IReadOnlyList<DmVerdict> verdicts) =>
        [.. verdicts.Select(v => $"{v.EventId} {v.Score:R} {v.Flagged} {v.TemplateKey} {v.TemplateSenderCount} {string.Join(',', v.Reasons.Select(r => $"{r.Signal}:{r.Weight:R}:{r.Reason}"))}")];
}
