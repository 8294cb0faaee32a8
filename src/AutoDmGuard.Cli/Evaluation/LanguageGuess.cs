namespace AutoDmGuard.Cli.Evaluation;

/// <summary>
/// A rough language label for reporting (not a classifier signal): the script for non-Latin texts, the most frequent
/// function words for Latin ones; "en" when nothing stands out.
/// </summary>
internal static class LanguageGuess
{
    private static readonly (string Language, string[] Words)[] Latin =
    [
        ("es", ["hola", "gracias", "por", "el", "la", "es", "mi", "que", "de", "feliz", "como", "estas", "día", "muchísimas", "seguirme", "tu", "y", "para"]),
        ("pt", ["olá", "oi", "obrigado", "obrigada", "por", "me", "seguir", "você", "meu", "canal", "é", "hoje", "não", "com", "uma", "no", "nos", "seu"]),
        ("fr", ["salut", "bonjour", "merci", "bienvenue", "sur", "le", "les", "je", "vous", "est", "c'est", "du", "des", "nous", "pour", "avec", "tout"]),
        ("de", ["hallo", "danke", "für", "und", "ich", "du", "der", "die", "das", "ist", "mir", "nicht", "mit", "dein", "deine", "auf"]),
        ("it", ["ciao", "grazie", "per", "il", "di", "che", "sono", "mi", "seguito", "benvenuto", "della", "questo", "anche", "buona"]),
        ("id", ["terima", "kasih", "sudah", "udah", "yang", "dan", "ini", "di", "kamu", "akun", "saya", "selamat", "hari", "jangan", "lupa", "yaa", "sama"]),
        ("tr", ["merhaba", "teşekkürler", "için", "ve", "bir", "bu", "ister", "misin", "takip", "siteme", "zaman", "izlemek"]),
        ("en", ["the", "you", "thanks", "for", "and", "to", "my", "is", "are", "hi", "hey", "your", "i", "of", "it", "me", "have", "with"]),
    ];

    public static string Of(string text)
    {
        int arabic = 0, cyrillic = 0, hangul = 0, kana = 0, han = 0, devanagari = 0, tamil = 0;
        foreach (var c in text)
        {
            switch (c)
            {
                case >= '\u0600' and <= '\u06FF': arabic++; break;
                case >= '\u0400' and <= '\u04FF': cyrillic++; break;
                case >= '\uAC00' and <= '\uD7AF': hangul++; break;
                case >= '\u3040' and <= '\u30FF': kana++; break;
                case >= '\u4E00' and <= '\u9FFF': han++; break;
                case >= '\u0900' and <= '\u097F': devanagari++; break;
                case >= '\u0B80' and <= '\u0BFF': tamil++; break;
            }
        }

        var best = new[] { ("ar", arabic), ("ru", cyrillic), ("ko", hangul), ("ja", kana + han), ("hi", devanagari), ("ta", tamil) }.MaxBy(x => x.Item2);
        if (best.Item2 >= 3)
        {
            return best.Item1;
        }

        var words = text.ToLowerInvariant().Split([' ', '\n', '\t', ',', '.', '!', '?', ':', ';', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        var scores = Latin.Select(l => (l.Language, Score: words.Count(w => l.Words.Contains(w)))).ToList();
        var top = scores.MaxBy(s => s.Score);
        var en = scores.First(s => s.Language == "en").Score;
        return top.Score > en ? top.Language : "en";
    }
}
