using System.Runtime.InteropServices;

namespace AutoDmGuard.Core;

/// <summary>
/// One pass over a DM for the triggers of all case-sensitive rules at once, instead of one pass per rule: every
/// position where some trigger starts marks the rules that trigger belongs to.
/// A trigger written with a leading <c>\b</c> (<see cref="WordStart"/>) counts only where no word character precedes it,
/// as its pattern demands: "ty " would otherwise fire inside every "party " or "city ".
/// </summary>
/// <remarks>
/// The pass tests each pair of adjacent characters against a bit set of the triggers' first two characters (8 KB, stays
/// in the L1 cache) and compares whole triggers only where the pair is one of theirs. The general multi-string search
/// (<c>SearchValues&lt;string&gt;</c>, Aho-Corasick for this many triggers) hashed every character of the text into its
/// root's transition dictionary: a tenth of the analysis on long texts.
/// </remarks>
[System.Runtime.CompilerServices.SkipLocalsInit]
internal sealed class RuleTriggers
{
    /// <summary>Prefix of a trigger that counts only at the start of a word (the pattern has <c>\b</c> before it).</summary>
    public const string WordStart = "\\b";

    private readonly ulong[] _pairBits = new ulong[(1 << 16) / 64];

    // A second filter behind the pair: the first three characters of the triggers of three or more (hashed into 64K
    // bits), and the pairs that are a whole trigger themselves. Made-up or foreign words hit common pairs ("ty", "or")
    // far more often than any trigger's first three characters.
    private readonly ulong[] _tripleBits = new ulong[(1 << 16) / 64];
    private readonly ulong[] _wholePairBits = new ulong[(1 << 16) / 64];

    // Triggers by their first two characters: an array for ASCII pairs, a dictionary for the rest.
    private readonly Trigger[]?[] _asciiPairs = new Trigger[]?[128 * 128];
    private readonly Dictionary<int, Trigger[]> _otherPairs = [];

    // Triggers of one character ("%"): a bit per character, then their list.
    private readonly ulong[] _singleBits = new ulong[(1 << 16) / 64];
    private readonly Dictionary<char, Trigger[]> _singles = [];

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
                if (Literal(trigger).Length == 0)
                {
                    throw new ArgumentException($"{rules[i].Signal}: empty trigger", nameof(rules));
                }

                masks[trigger] = masks.GetValueOrDefault(trigger) | (1UL << i);
            }
        }

        var pairs = new Dictionary<int, List<Trigger>>();
        var singles = new Dictionary<char, List<Trigger>>();
        foreach (var (key, mask) in masks)
        {
            var literal = Literal(key);
            var trigger = new Trigger(literal, key.StartsWith(WordStart, StringComparison.Ordinal), mask);
            if (literal.Length == 1)
            {
                AddTo(singles, literal[0], trigger);
                continue;
            }

            var pair = (literal[0] << 16) | literal[1];
            AddTo(pairs, pair, trigger);
            var bit = PairBit(literal[0], literal[1]);
            _pairBits[bit >> 6] |= 1UL << bit;
            if (literal.Length == 2)
            {
                _wholePairBits[bit >> 6] |= 1UL << bit;
            }
            else
            {
                var triple = TripleBit(literal[0], literal[1], literal[2]);
                _tripleBits[triple >> 6] |= 1UL << triple;
            }
        }

        foreach (var (pair, triggers) in pairs)
        {
            var (c0, c1) = ((char)(pair >> 16), (char)pair);
            if (c0 < 128 && c1 < 128)
            {
                _asciiPairs[(c0 << 7) | c1] = [.. triggers];
            }
            else
            {
                _otherPairs[pair] = [.. triggers];
            }
        }

        foreach (var (c, triggers) in singles)
        {
            _singles[c] = [.. triggers];
            _singleBits[c >> 6] |= 1UL << c;
        }
    }

    /// <summary>Bit i is set when a trigger of rule i occurs in <paramref name="folded"/> (raw rules are never set).</summary>
    public ulong Candidates(string folded)
    {
        var text = folded.AsSpan();
        ulong rules = 0;

        // Two passes: a branch-free one that notes every position whose characters pass the bit filters, then the
        // exact checks at those positions alone. On text made of few distinct pairs (short words, syllables) the
        // filters' outcome flips from character to character, and a branch per filter mispredicted on most of them.
        // The first pass stops two characters short (it reads the third); the last two positions go to the second.
        var scanned = Math.Max(0, text.Length - 2);
        var positions = scanned <= 2048 ? stackalloc int[scanned] : LongTextPositions(scanned);
        var hits = 0;
        var (single, pair, whole, triple) = (_singleBits, _pairBits, _wholePairBits, _tripleBits);
        for (var at = 0; at < scanned; at++)
        {
            var c0 = text[at];
            var c1 = text[at + 1];
            var bit = PairBit(c0, c1);
            var t = TripleBit(c0, c1, text[at + 2]);
            var passes = (single[c0 >> 6] >> c0) | ((pair[bit >> 6] >> bit) & ((whole[bit >> 6] >> bit) | (triple[t >> 6] >> t)));
            positions[hits] = at;
            hits += (int)(passes & 1);
        }

        for (var k = 0; k < hits; k++)
        {
            rules |= At(text, positions[k]);
        }

        for (var at = scanned; at < text.Length; at++)
        {
            rules |= At(text, at);
        }

        return rules;
    }

    [ThreadStatic]
    private static int[]? t_positions;

    private static Span<int> LongTextPositions(int length)
    {
        if (t_positions is not { } buffer || buffer.Length < length)
        {
            t_positions = buffer = new int[length];
        }

        return buffer.AsSpan(0, length);
    }

    // The rules whose triggers start at one position: the bit filters first, then the triggers themselves.
    private ulong At(ReadOnlySpan<char> text, int at)
    {
        ulong rules = 0;
        var c0 = text[at];
        if ((_singleBits[c0 >> 6] & (1UL << c0)) != 0)
        {
            rules |= Matches(_singles[c0], text, at);
        }

        if (at + 1 >= text.Length)
        {
            return rules;
        }

        var c1 = text[at + 1];
        var bit = PairBit(c0, c1);
        if ((_pairBits[bit >> 6] & (1UL << bit)) == 0)
        {
            return rules;
        }

        // No trigger of this pair is the pair alone, and none goes on with this third character (or there is none).
        if ((_wholePairBits[bit >> 6] & (1UL << bit)) == 0)
        {
            if (at + 2 >= text.Length)
            {
                return rules;
            }

            var triple = TripleBit(c0, c1, text[at + 2]);
            if ((_tripleBits[triple >> 6] & (1UL << triple)) == 0)
            {
                return rules;
            }
        }

        var triggers = c0 < 128 && c1 < 128 ? _asciiPairs[(c0 << 7) | c1] : _otherPairs.GetValueOrDefault((c0 << 16) | c1);
        return triggers is null ? rules : rules | Matches(triggers, text, at);
    }

    private static ulong Matches(Trigger[] triggers, ReadOnlySpan<char> text, int at)
    {
        var rest = text[at..];
        var afterWord = at > 0 && IsRegexWordChar(text[at - 1]);

        // The text's next four characters in one word: most triggers differ from the text within them, which one
        // compare rules out without a call.
        var next = rest.Length >= 4 ? MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(rest)) : 0;
        ulong rules = 0;
        foreach (var trigger in triggers)
        {
            if (trigger.WordStart && afterWord)
            {
                continue;
            }

            if (rest.Length >= 4)
            {
                if ((next & trigger.HeadMask) != trigger.Head)
                {
                    continue;
                }

                if (trigger.Text.Length <= 4)
                {
                    rules |= trigger.Rules;
                    continue;
                }
            }

            if (rest.StartsWith(trigger.Text, StringComparison.Ordinal))
            {
                rules |= trigger.Rules;
            }
        }

        return rules;
    }

    // Exact for ASCII pairs (7 bits each); other pairs may share a bit, which only costs a lookup that finds nothing.
    private static int PairBit(char c0, char c1) => ((c0 << 7) ^ c1) & 0xFFFF;

    // A hash: triples that share a bit only cost a lookup that finds nothing.
    private static int TripleBit(char c0, char c1, char c2) =>
        (int)(((c0 * 0x9E3779B1u) ^ (c1 * 0x85EBCA77u) ^ (c2 * 0xC2B2AE3Du)) >> 16);

    private static void AddTo<TKey>(Dictionary<TKey, List<Trigger>> map, TKey key, Trigger trigger)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(trigger);
    }

    /// <summary>The text a trigger searches for (without its <see cref="WordStart"/> prefix).</summary>
    public static string Literal(string trigger) =>
        trigger.StartsWith(WordStart, StringComparison.Ordinal) ? trigger[WordStart.Length..] : trigger;

    // Only characters that are surely \w for the regex engine (letters, decimal digits, '_'), so a trigger is never
    // skipped where its pattern's \b could still hold.
    private static bool IsRegexWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private readonly record struct Trigger(string Text, bool WordStart, ulong Rules)
    {
        /// <summary>The trigger's first four characters (fewer for a shorter one, the rest zero) as they lie in memory.</summary>
        public ulong Head { get; } = Packed(Text, '\0');

        /// <summary>Which bits of four characters <see cref="Head"/> fills.</summary>
        public ulong HeadMask { get; } = Packed(Text, '\uffff');

        private static ulong Packed(string text, char fill)
        {
            Span<char> head = stackalloc char[4];
            head.Clear();
            var used = Math.Min(4, text.Length);
            if (fill == '\0')
            {
                text.AsSpan(0, used).CopyTo(head);
            }
            else
            {
                head[..used].Fill(fill);
            }

            return MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes((ReadOnlySpan<char>)head));
        }
    }
}
