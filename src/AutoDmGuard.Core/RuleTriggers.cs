using System.Buffers;

namespace AutoDmGuard.Core;

/// <summary>
/// One vectorized pass over a DM for the triggers of all case-sensitive rules at once, instead of one pass per rule:
/// every position where some trigger starts is visited once and marks the rules that trigger belongs to.
/// A trigger written with a leading <c>\b</c> (<see cref="WordStart"/>) counts only where no word character precedes it,
/// as its pattern demands: "ty " would otherwise fire inside every "party " or "city ".
/// </summary>
internal sealed class RuleTriggers
{
    private readonly SearchValues<string> _all;
    /// <summary>Prefix of a trigger that counts only at the start of a word (the pattern has <c>\b</c> before it).</summary>
    public const string WordStart = "\\b";

    private readonly Dictionary<char, (string Trigger, bool WordStart, ulong Rules)[]> _byFirstChar;

    public RuleTriggers(IReadOnlyList<PatternRule> rules)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rules.Count, 64);
        var masks = new Dictionary<string, ulong>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Raw)
            {
                continue;
            }

            foreach (var trigger in rules[i].TriggerWords)
            {
                masks[trigger] = masks.GetValueOrDefault(trigger) | (1UL << i);
            }
        }

        _all = SearchValues.Create([.. masks.Keys.Select(Literal).Distinct(StringComparer.Ordinal)], StringComparison.Ordinal);
        _byFirstChar = masks
            .GroupBy(kv => Literal(kv.Key)[0])
            .ToDictionary(g => g.Key, g => g.Select(kv => (Literal(kv.Key), kv.Key.StartsWith(WordStart, StringComparison.Ordinal), kv.Value)).ToArray());
        _byAsciiFirstChar = new (string, bool, ulong)[128][];
        foreach (var (c, triggers) in _byFirstChar)
        {
            if (c < 128)
            {
                _byAsciiFirstChar[c] = triggers;
            }
        }
    }

    // The same lists for ASCII first characters, looked up without hashing: a text with many trigger fragments hits
    // this once per fragment (a tenth of the analysis on long texts went to the dictionary).
    private readonly (string Trigger, bool WordStart, ulong Rules)[][] _byAsciiFirstChar;

    /// <summary>Bit i is set when a trigger of rule i occurs in <paramref name="folded"/> (raw rules are never set).</summary>
    public ulong Candidates(string folded)
    {
        var text = folded.AsSpan();
        ulong rules = 0;
        var offset = 0;
        while (offset < text.Length)
        {
            var found = text[offset..].IndexOfAny(_all);
            if (found < 0)
            {
                break;
            }

            var at = offset + found;
            var rest = text[at..];
            var afterWord = at > 0 && IsRegexWordChar(text[at - 1]);
            var first = text[at];
            foreach (var (trigger, wordStart, mask) in first < 128 ? _byAsciiFirstChar[first] : _byFirstChar[first])
            {
                if ((!wordStart || !afterWord) && rest.StartsWith(trigger, StringComparison.Ordinal))
                {
                    rules |= mask;
                }
            }

            offset = at + 1;
        }

        return rules;
    }

    /// <summary>The text a trigger searches for (without its <see cref="WordStart"/> prefix).</summary>
    public static string Literal(string trigger) =>
        trigger.StartsWith(WordStart, StringComparison.Ordinal) ? trigger[WordStart.Length..] : trigger;

    // Only characters that are surely \w for the regex engine (letters, decimal digits, '_'), so a trigger is never
    // skipped where its pattern's \b could still hold.
    private static bool IsRegexWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
