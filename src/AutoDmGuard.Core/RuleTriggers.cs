using System.Buffers;

namespace AutoDmGuard.Core;

/// <summary>
/// One vectorized pass over a DM for the triggers of all case-sensitive rules at once, instead of one pass per rule:
/// every position where some trigger starts is visited once and marks the rules that trigger belongs to.
/// </summary>
internal sealed class RuleTriggers
{
    private readonly SearchValues<string> _all;
    private readonly Dictionary<char, (string Trigger, ulong Rules)[]> _byFirstChar;

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

        _all = SearchValues.Create([.. masks.Keys], StringComparison.Ordinal);
        _byFirstChar = masks
            .GroupBy(kv => kv.Key[0])
            .ToDictionary(g => g.Key, g => g.Select(kv => (kv.Key, kv.Value)).ToArray());
    }

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
            foreach (var (trigger, mask) in _byFirstChar[text[at]])
            {
                if (rest.StartsWith(trigger, StringComparison.Ordinal))
                {
                    rules |= mask;
                }
            }

            offset = at + 1;
        }

        return rules;
    }
}
