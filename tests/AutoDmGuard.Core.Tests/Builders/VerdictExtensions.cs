using AutoDmGuard.Core;

namespace AutoDmGuard.Core.Tests.Builders;

internal static class VerdictExtensions
{
    public static DmVerdict For(this InboxClassification result, string eventId) =>
        result.Messages.Single(v => v.EventId == eventId);

    public static bool Fired(this DmVerdict verdict, string signal) =>
        verdict.Reasons.Any(r => r.Signal == signal);

    public static bool FiredPrefix(this DmVerdict verdict, string prefix) =>
        verdict.Reasons.Any(r => r.Signal.StartsWith(prefix, StringComparison.Ordinal));

    public static string Explain(this DmVerdict verdict) =>
        $"score {verdict.Score:0.000}: " + string.Join(", ", verdict.Reasons.Select(r => $"{r.Signal} {r.Weight:0.00}"));
}
