using System.Buffers;
using System.Text.RegularExpressions;

namespace AutoDmGuard.Core;

/// <summary>
/// One text rule: signal name (its weight is the fitted model's, <see cref="ClassifierModel"/>), reason and pattern. <paramref name="Triggers"/> are literals of
/// which every match of the pattern contains at least one; a vectorized search for them skips the regex on most DMs.
/// Raw rules look at the original casing; the others at the NFKC + lower-case text.
/// </summary>
internal sealed record PatternRule(string Signal, string Reason, Regex Pattern, SearchValues<string> Triggers, IReadOnlyList<string> TriggerWords, bool Raw = false)
{
    public static PatternRule Create(string signal, string reason, Regex pattern, string[] triggers, bool raw = false) =>
        new(signal, reason, pattern, SearchValues.Create(triggers, raw ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal), triggers, raw);

    public bool IsMatch(string text) => text.AsSpan().IndexOfAny(Triggers) >= 0 && PatternMatches(text);

    /// <summary>The regex alone, for callers that already know a trigger is present (<see cref="RuleTriggers"/>).</summary>
    public bool PatternMatches(string text)
    {
        try
        {
            return Pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            // The patterns are linear; a timeout means a starved CPU or an absurd input. No evidence beats a crash.
            return false;
        }
    }
}
