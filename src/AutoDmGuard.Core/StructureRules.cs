namespace AutoDmGuard.Core;

/// <summary>
/// Shape of a message rather than its words, so they carry across languages and templates: the mail-merge salutation
/// ("Hi Alex"), emoji runs ("😊😊"), words in capitals ("WINNER", "FREE").
/// </summary>
internal static class StructureRules
{
    private static readonly HashSet<string> Greetings = new(StringComparer.Ordinal)
    {
        "hi", "hey", "hello", "hallo", "helo", "hiya", "heya", "yo", "dear", "welcome", "greetings", "howdy", "sup",
        "hola", "buenas", "bienvenido", "bienvenida", "olá", "ola", "oi", "bem-vindo", "bem-vinda", "salut", "bonjour",
        "coucou", "bienvenue", "servus", "moin", "willkommen", "ciao", "salve", "buongiorno", "benvenuto", "benvenuta",
        "halo", "hai", "hollaaa", "holla", "selamat", "merhaba", "selam", "привет", "здравствуйте", "здравствуй",
        "добрый", "مرحبا", "هلا", "اهلا", "أهلا", "السلام", "안녕하세요", "안녕", "こんにちは", "नमस्ते", "namaste",
    };

    // Between the greeting and the name: "hey there Alex", "hi dear Alex", "olá, Alex".
    private static readonly HashSet<string> Fillers = new(StringComparer.Ordinal) { "there", "dear", "my", "friend", "again" };

    /// <summary>A greeting word first (after emoji or punctuation), then the reader's name within the next three tokens.</summary>
    public static bool OpensWithGreetingAndName(TokenList tokens)
    {
        var i = 0;
        while (i < tokens.Count && !TemplateFingerprint.IsContent(tokens[i]) && !tokens.Is(i, TextNormalizer.Name))
        {
            i++;
        }

        if (i >= tokens.Count || !GreetingLookup.Contains(tokens[i]))
        {
            return false;
        }

        for (var k = i + 1; k < tokens.Count && k <= i + 4; k++)
        {
            if (tokens.Is(k, TextNormalizer.Name) || tokens.Is(k, TextNormalizer.User))
            {
                return true;
            }

            var t = tokens[k];
            if (TemplateFingerprint.IsContent(t) && !FillerLookup.Contains(t))
            {
                return false;
            }
        }

        return false;
    }

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> GreetingLookup = Greetings.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> FillerLookup = Fillers.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Two or more emoji in a row (skin tones, variation selectors and joiners inside one emoji do not count).</summary>
    public static bool HasEmojiRun(string text)
    {
        // Nothing below U+2190 is an emoji or part of one: start at the first character that is not (a vectorized search).
        var first = text.AsSpan().IndexOfAnyInRange('\u2190', '\uffff');
        if (first < 0)
        {
            return false;
        }

        var previousEndedAt = -1;
        for (var i = first; i < text.Length;)
        {
            var c = text[i];
            if (c < '\u2190')
            {
                i++;
                continue;
            }

            if (c is '\uFE0F' or '\u200D' || (char.IsHighSurrogate(c) && i + 1 < text.Length && char.ConvertToUtf32(c, text[i + 1]) is >= 0x1F3FB and <= 0x1F3FF))
            {
                // Part of the emoji before it: the run continues from its end.
                var partLength = char.IsHighSurrogate(c) ? 2 : 1;
                if (previousEndedAt == i)
                {
                    previousEndedAt = i + partLength;
                }

                i += partLength;
                continue;
            }

            if (TextNormalizer.IsEmoji(text, i, out var length))
            {
                if (previousEndedAt == i)
                {
                    return true;
                }

                previousEndedAt = i + length;
                i += length;
                continue;
            }

            i++;
        }

        return false;
    }

    /// <summary>At least two words of three or more letters written all in capitals, in a text that is not all capitals.</summary>
    public static bool IsShouting(string text)
    {
        // A shouted word needs a capital; in an all-ASCII text that is A-Z (two vectorized searches rule most DMs out).
        if (!text.AsSpan().ContainsAnyInRange('A', 'Z') && System.Text.Ascii.IsValid(text))
        {
            return false;
        }

        var shouted = 0;
        var lowerLetters = 0;
        var run = 0;
        var runUpper = true;
        foreach (var c in text)
        {
            // ASCII letters without the Unicode tables (same answers: A-Z upper, a-z lower, nothing else a letter).
            if (c < 0x80)
            {
                if (char.IsAsciiLetterLower(c))
                {
                    run++;
                    runUpper = false;
                    lowerLetters++;
                    continue;
                }

                if (char.IsAsciiLetterUpper(c))
                {
                    run++;
                    continue;
                }
            }
            else if (char.IsLetter(c))
            {
                run++;
                if (char.IsLower(c))
                {
                    runUpper = false;
                    lowerLetters++;
                }
                else if (!char.IsUpper(c))
                {
                    runUpper = false;
                }

                continue;
            }

            if (run >= 3 && runUpper)
            {
                shouted++;
            }

            run = 0;
            runUpper = true;
        }

        if (run >= 3 && runUpper)
        {
            shouted++;
        }

        return shouted >= 2 && lowerLetters >= 10;
    }
}
