using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace AutoDmGuard.Core;

/// <summary>
/// One text rule: signal name (its weight is the fitted model's, <see cref="ClassifierModel"/>), reason and pattern (one
/// regex, or the parts of one alternation: the rule matches when any part does). <paramref name="Triggers"/> are literals of
/// which every match of the pattern contains at least one; a vectorized search for them skips the regex on most DMs.
/// Raw rules look at the original casing; the others at the NFKC + lower-case text.
/// </summary>
internal sealed record PatternRule(string Signal, string Reason, IReadOnlyList<Regex> Patterns, SearchValues<string> Triggers, IReadOnlyList<string> TriggerWords, bool Raw = false)
{
    public static PatternRule Create(string signal, string reason, Regex pattern, string[] triggers, bool raw = false) =>
        Create(signal, reason, [pattern], triggers, raw);

    public static PatternRule Create(string signal, string reason, Regex[] patterns, string[] triggers, bool raw = false)
    {
        // Raw rules search their triggers case-insensitively, one rule at a time; word-start triggers are for the rest.
        if (raw && triggers.Any(t => t.StartsWith(RuleTriggers.WordStart, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"{signal}: a raw rule cannot have word-start triggers", nameof(triggers));
        }

        return new(signal, reason, patterns, SearchValues.Create([.. triggers.Select(RuleTriggers.Literal)], raw ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal), triggers, raw);
    }

    /// <summary>Whether the rule names a habit of auto-DMs (its prior is positive), not of people (<c>shared-context</c>).</summary>
    public bool IsAutoDmHabit { get; } = ModelFeatures.Priors.GetValueOrDefault(Signal) > 0;

    /// <summary>
    /// Whether the rule is the pitch of an auto-DM: a call to action (visit, subscribe, shop, buy, another network, an
    /// app) or an offer (a freebie or discount, a beta, a service).
    /// </summary>
    public bool IsPitch { get; } = Signal.StartsWith("cta-", StringComparison.Ordinal) || Signal is "freebie-offer" or "beta-invite" or "sales-pitch";

    /// <summary>Whether the rule names the follow that triggers auto-DM tools (a thanks-for-following or welcome opener).</summary>
    public bool IsFollowTrigger { get; } = Signal == ModelFeatures.ThanksForFollow;

    public bool IsMatch(string text) => HasTrigger(text) && PatternMatches(text);

    /// <summary>Whether one of the rule's triggers occurs in <paramref name="text"/> (the prefilter, one rule alone).</summary>
    public bool HasTrigger(string text) =>
        Raw ? HasRawTrigger(text) : (_alone ??= new RuleTriggers([this])).Candidates(text) != 0;

    // The raw rules' triggers, ASCII ones and the rest apart: a case-insensitive search over ASCII values alone takes
    // the vectorized path, while one non-ASCII value ("répond") sends the whole set to the per-character Unicode path.
    // Either search finding a trigger is exactly what one search over all of them finds.
    private bool HasRawTrigger(string text)
    {
        var (ascii, other) = _rawSplit ??= (
            SearchValues.Create([.. TriggerWords.Where(t => Ascii.IsValid(t))], StringComparison.OrdinalIgnoreCase),
            TriggerWords.Any(t => !Ascii.IsValid(t)) ? SearchValues.Create([.. TriggerWords.Where(t => !Ascii.IsValid(t))], StringComparison.OrdinalIgnoreCase) : null);
        return text.AsSpan().IndexOfAny(ascii) >= 0 || (other is not null && text.AsSpan().IndexOfAny(other) >= 0);
    }

    private (SearchValues<string> Ascii, SearchValues<string>? Other)? _rawSplit;

    private RuleTriggers? _alone;

    /// <summary>The regex alone, for callers that already know a trigger is present (<see cref="RuleTriggers"/>).</summary>
    public bool PatternMatches(string text)
    {
        // An index loop: `foreach` over the interface would allocate an enumerator on every call of this hot path.
        for (var i = 0; i < Patterns.Count; i++)
        {
            if (Patterns[i].IsMatch(text))
            {
                return true;
            }
        }

        return false;
    }
}
