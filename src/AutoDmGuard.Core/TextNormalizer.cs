using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace AutoDmGuard.Core;

/// <summary>
/// Turns a DM into the canonical token stream template matching works on: Unicode NFKC, lower case (invariant),
/// and masks for what a template tool fills in per recipient or per sender: links (<c>&lt;url&gt;</c>),
/// @handles (<c>&lt;user&gt;</c>), numbers (<c>&lt;num&gt;</c>), emoji (<c>&lt;emoji&gt;</c>) and the names of
/// the recipient and the sender (<c>&lt;name&gt;</c>). Tokens are separated by one space; punctuation marks are
/// tokens of their own. Normalizing twice gives the same text.
/// </summary>
internal static class TextNormalizer
{
    public const string Url = "<url>";
    public const string User = "<user>";
    public const string Number = "<num>";
    public const string Emoji = "<emoji>";
    public const string Name = "<name>";

    public static string Normalize(string text, IReadOnlyCollection<string> names)
    {
        var tokens = new List<string>();
        Tokenize(text, names, tokens);
        return string.Join(' ', tokens);
    }

    // Korean and Japanese address a person by the name with an honorific written on it, no space between ("Kit님",
    // "Kitさん"): a template fills in "${name}님" as an English one fills in "Hi ${name}".
    private static readonly string[] Honorifics = ["님", "씨", "さん", "様", "さま", "くん", "ちゃん"];

    private static ReadOnlySpan<char> WithoutHonorific(ReadOnlySpan<char> word)
    {
        // Every honorific ends in kana, a CJK ideograph or Hangul: a word in any other script is done at once.
        if (word.Length < 2 || word[^1] < '\u3040')
        {
            return [];
        }

        foreach (var honorific in Honorifics)
        {
            if (word.Length > honorific.Length && word.EndsWith(honorific, StringComparison.Ordinal))
            {
                return word[..^honorific.Length];
            }
        }

        return [];
    }

    /// <summary>Name words to mask: the parts of display names and usernames, lower case, two letters or more.</summary>
    public static HashSet<string> NameWords(params string?[] names)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            AddNameWords(set, name);
        }

        return set;
    }

    public static void AddNameWords(HashSet<string> set, string? name)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (string.IsNullOrWhiteSpace(name))
        {
            return;
        }

        var lower = Fold(name);
        var tokens = new List<string>();
        Tokenize(lower, [], tokens);
        foreach (var token in tokens)
        {
            if (token.Length >= 2 && char.IsLetter(token[0]))
            {
                set.Add(token);
                foreach (var part in token.Split('_', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (part.Length >= 2 && !char.IsDigit(part[0]))
                    {
                        set.Add(part);
                    }
                }
            }
        }
    }

    /// <summary>NFKC + invariant lower case (simple case fold).</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsNfkcStable(text))
        {
            return text.ToLowerInvariant();
        }

        // Lone surrogates (truncated emoji) would make Normalize throw; they carry no meaning, drop them.
        var s = ReplaceLoneSurrogates(text);
        for (var round = 0; round < 3; round++)
        {
            var next = (s.IsNormalized(NormalizationForm.FormKC) ? s : s.Normalize(NormalizationForm.FormKC)).ToLowerInvariant();
            if (next == s)
            {
                break;
            }

            s = next;
        }

        return s;
    }

    private static string ReplaceLoneSurrogates(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var lone = (char.IsHighSurrogate(c) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])))
                || (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1])));
            if (lone)
            {
                sb ??= new StringBuilder(text, 0, i, text.Length);
                continue;
            }

            sb?.Append(c);
        }

        return sb?.ToString() ?? text;
    }

    /// <summary>Appends the normalized tokens of <paramref name="text"/> to <paramref name="tokens"/>.</summary>
    public static void Tokenize(string text, IReadOnlyCollection<string> names, List<string> tokens) =>
        TokenizeFolded(Fold(text), names, null, tokens);

    /// <summary>
    /// Tokenizes text that already went through <see cref="Fold"/>. Words in <paramref name="names"/> or
    /// <paramref name="otherNames"/> become <c>&lt;name&gt;</c>. Says whether a word of <paramref name="names"/>
    /// occurred and the token index of the last word of <paramref name="otherNames"/> (-1 if none).
    /// </summary>
    public static (bool NameSeen, int LastOtherNameToken) TokenizeFolded(
        string s,
        IReadOnlyCollection<string> names,
        IReadOnlyCollection<string>? otherNames,
        List<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var list = new TokenList();
        var (nameSeen, lastOther) = TokenizeFolded(s, names, otherNames, list);
        var offset = tokens.Count;
        tokens.AddRange(list.ToArray());
        return (nameSeen, lastOther < 0 ? -1 : lastOther + offset);
    }

    /// <summary>
    /// <see cref="TokenizeFolded(string, IReadOnlyCollection{string}, IReadOnlyCollection{string}?, List{string})"/>
    /// into <paramref name="tokens"/>, which it empties first: the tokens are ranges of <paramref name="s"/>, no string
    /// is built for a word.
    /// </summary>
    public static (bool NameSeen, int LastOtherNameToken) TokenizeFolded(
        string s,
        IReadOnlyCollection<string> names,
        IReadOnlyCollection<string>? otherNames,
        TokenList tokens)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(tokens);
        tokens.Reset(s);
        var nameSeen = false;
        var lastOther = -1;
        var i = 0;
        var lastWasEmoji = false;
        var nameFilter = new NameFilter(names, otherNames);

        // Every link form but "www." has a '/' (StartsUrl): a text without one is not searched for links at each word.
        var mayHaveSlash = s.Contains('/');
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c) || IsInvisible(c))
            {
                i++;
                continue;
            }

            if (IsMaskToken(s, i, out var mask))
            {
                if (mask != Emoji || !lastWasEmoji)
                {
                    tokens.AddShared(mask);
                }

                lastWasEmoji = mask == Emoji;
                i += mask.Length;
                continue;
            }

            if ((mayHaveSlash || c == 'w') && StartsUrl(s, i))
            {
                i = SkipUrl(s, i);
                tokens.AddShared(Url);
                lastWasEmoji = false;
                continue;
            }

            if (c == '@' && i + 1 < s.Length && IsHandleChar(s[i + 1]))
            {
                i++;
                while (i < s.Length && IsHandleChar(s[i]))
                {
                    i++;
                }

                tokens.AddShared(User);
                lastWasEmoji = false;
                continue;
            }

            if (char.IsDigit(c))
            {
                while (i < s.Length && (char.IsDigit(s[i]) || ((s[i] == '.' || s[i] == ',' || s[i] == ':') && i + 1 < s.Length && char.IsDigit(s[i + 1]))))
                {
                    i++;
                }

                tokens.AddShared(Number);
                lastWasEmoji = false;
                continue;
            }

            if (IsWordChar(c))
            {
                var start = i;
                while (i < s.Length && (IsWordChar(s[i]) || (s[i] == '\'' && i + 1 < s.Length && char.IsLetter(s[i + 1]) && i > start)))
                {
                    i++;
                }

                // A word is a range of the text; only a word that may be a name becomes a string, to look it up.
                // Most words have a length or first character no name has: neither set is looked up for them.
                var word = s.AsSpan(start, i - start);
                var candidate = nameFilter.MayContain(word) ? word.ToString() : null;
                if (WithoutHonorific(word) is { Length: > 0 } bare && nameFilter.MayContain(bare)
                    && bare.ToString() is var bareName && (names.Contains(bareName) || otherNames?.Contains(bareName) == true))
                {
                    candidate = bareName; // "Kit님", "Kitさん": the name with the honorific a template adds
                }

                if (candidate is not null && names.Count > 0 && names.Contains(candidate))
                {
                    tokens.AddShared(Name);
                    nameSeen = true;
                }
                else if (candidate is not null && otherNames is not null && otherNames.Contains(candidate))
                {
                    lastOther = tokens.Count;
                    tokens.AddShared(Name);
                }
                else
                {
                    tokens.AddRange(start, i - start);
                }

                lastWasEmoji = false;
                continue;
            }

            if (IsEmoji(s, i, out var emojiLength))
            {
                if (!lastWasEmoji)
                {
                    tokens.AddShared(Emoji);
                }

                lastWasEmoji = true;
                i += emojiLength;
                continue;
            }

            // Punctuation: one token per mark; runs of the same mark ("!!!", "...") collapse to one.
            tokens.AddRange(i, 1);
            lastWasEmoji = false;
            i++;
            while (i < s.Length && s[i] == c)
            {
                i++;
            }
        }

        return (nameSeen, lastOther);
    }

    /// <summary>
    /// The lengths and first characters (both folded into 64 bits) of a few name words: a word whose length or first
    /// character no name has is in none of the sets, which most words of a DM show without being hashed.
    /// </summary>
    private readonly struct NameFilter
    {
        private readonly ulong _lengths;
        private readonly ulong _firsts;

        public NameFilter(IReadOnlyCollection<string> names, IReadOnlyCollection<string>? otherNames)
        {
            foreach (var set in (ReadOnlySpan<IReadOnlyCollection<string>?>)[names, otherNames])
            {
                if (set is not { Count: > 0 })
                {
                    continue;
                }

                foreach (var name in set)
                {
                    _lengths |= Bit(name.Length);
                    _firsts |= name.Length > 0 ? Bit(name[0]) : 0;
                }
            }
        }

        public bool MayContain(ReadOnlySpan<char> word) =>
            (_lengths & Bit(word.Length)) != 0 && word.Length > 0 && (_firsts & Bit(word[0])) != 0;

        private static ulong Bit(int value) => 1UL << (value & 63);
    }

    // ASCII has no marks and its letters are A-Z and a-z: most characters of most DMs are answered inline, without a
    // table lookup.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsWordChar(char c) => c < 0x80 ? char.IsAsciiLetter(c) || c == '_' : IsNonAsciiWordChar(c);

    private static bool IsNonAsciiWordChar(char c) =>
        char.IsLetter(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static bool IsHandleChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_';

    // NFKC goes through ICU and costs microseconds; most DMs are Latin text, typographic punctuation and emoji,
    // which NFKC leaves alone (and so does lower-casing them). Anything else takes the slow, exact path.
    private static bool IsNfkcStable(string s)
    {
        // Everything below U+00A0 is stable: start at the first character that is not (a vectorized search).
        var first = s.AsSpan().IndexOfAnyExceptInRange('\u0000', '\u009f');
        if (first < 0)
        {
            return true;
        }

        for (var i = first; i < s.Length; i++)
        {
            var c = s[i];
            if (c < 0xa0)
            {
                continue;
            }

            if (c < 0x300)
            {
                if (c is '\u00a0' or '\u00a8' or '\u00aa' or '\u00af' or (>= '\u00b2' and <= '\u00b5') or '\u00b8' or '\u00b9' or '\u00ba'
                    or (>= '\u00bc' and <= '\u00be') or '\u0130' or '\u0132' or '\u0133' or '\u013f' or '\u0140' or '\u0149' or '\u017f'
                    or (>= '\u01c4' and <= '\u01cc') or (>= '\u01f1' and <= '\u01f3') or >= '\u02b0')
                {
                    return false;
                }

                continue;
            }

            if (c is (>= '\u2013' and <= '\u2015') or (>= '\u2018' and <= '\u201d') or (>= '\u2020' and <= '\u2022') or '\u2030'
                or '\u200d' or '\ufe0f' or '\u20ac' or (>= '\u2190' and <= '\u2328') or (>= '\u232b' and <= '\u245f')
                or (>= '\u2500' and <= '\u27bf') or (>= '\u2b00' and <= '\u2bff'))
            {
                continue;
            }

            // Emoji planes (U+1F000-U+1FAFF) have no compatibility decompositions, except the enclosed alphanumerics
            // U+1F100-U+1F1E5 before the regional indicators.
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                var cp = char.ConvertToUtf32(c, s[i + 1]);
                if (cp is >= 0x1F000 and <= 0x1FAFF and not (>= 0x1F100 and <= 0x1F1E5))
                {
                    i++;
                    continue;
                }
            }

            return false;
        }

        return true;
    }

    private static bool IsInvisible(char c) => c is '\u200d' or '\ufe0f' or '\ufe0e' or '\u200b' or '\u2060';

    private static bool IsMaskToken(string s, int i, out string mask)
    {
        mask = string.Empty;
        if (s[i] != '<')
        {
            return false;
        }

        foreach (var m in (ReadOnlySpan<string>)[Url, User, Number, Emoji, Name])
        {
            if (string.CompareOrdinal(s, i, m, 0, m.Length) == 0)
            {
                mask = m;
                return true;
            }
        }

        return false;
    }

    internal static bool StartsUrl(string s, int i)
    {
        if (i > 0 && IsWordChar(s[i - 1]))
        {
            return false;
        }

        var span = s.AsSpan(i);
        if (span.StartsWith("http://", StringComparison.Ordinal) || span.StartsWith("https://", StringComparison.Ordinal) || span.StartsWith("www.", StringComparison.Ordinal))
        {
            return true;
        }

        // Bare domain with a path, the way link shorteners are pasted: bit.ly/abc, lnkd.in/xyz.
        var j = i;
        while (j < s.Length && (char.IsAsciiLetterOrDigit(s[j]) || s[j] == '-'))
        {
            j++;
        }

        if (j == i || j >= s.Length || s[j] != '.')
        {
            return false;
        }

        var k = j + 1;
        while (k < s.Length && (char.IsAsciiLetter(s[k]) || s[k] == '.'))
        {
            k++;
        }

        return k - j > 2 && k < s.Length && s[k] == '/' && k + 1 < s.Length && !char.IsWhiteSpace(s[k + 1]);
    }

    private static int SkipUrl(string s, int i)
    {
        while (i < s.Length && !char.IsWhiteSpace(s[i]) && !char.IsSurrogate(s[i]) && s[i] is not ('"' or '\u201d' or '<' or '>' or ')'))
        {
            i++;
        }

        // A sentence's closing punctuation is not part of the link.
        while (i > 0 && s[i - 1] is '.' or ',' or '!' or '?' or ':' or ';')
        {
            i--;
        }

        return i;
    }

    internal static bool IsEmoji(string s, int i, out int length)
    {
        var c = s[i];
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            length = 2;
            var cp = char.ConvertToUtf32(c, s[i + 1]);
            return cp >= 0x1F000 || CharUnicodeInfo.GetUnicodeCategory(cp) == UnicodeCategory.OtherSymbol;
        }

        length = 1;
        return c is (>= '\u2190' and <= '\u21ff') or (>= '\u2300' and <= '\u27bf') or (>= '\u2b00' and <= '\u2bff')
            || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherSymbol;
    }
}
