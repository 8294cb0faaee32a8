using System.Text.Json;

namespace AutoDmGuard.Testing.Corpus;

/// <summary>Finds ../shared/corpus (read in place, never copied) by walking up from the test binaries (the repo's parent holds `shared/corpus`).</summary>
internal static class CorpusLocator
{
    public static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (File.Exists(Path.Combine(candidate, "dev-mailbox.json")))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The corpus folder; fails the test when it is missing (in CI and elsewhere: a skipped evaluation would hide a regression).</summary>
    public static string Require()
    {
        var found = Find();
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Assert.True(found is not null, $"shared/corpus not found above {AppContext.BaseDirectory} (CI={ci}); the evaluation needs ../shared/corpus");
        return found!;
    }

    /// <summary>Every DM text of the dev corpus and the public sets, when present (read, never copied).</summary>
    public static IEnumerable<string> AllTexts()
    {
        var corpus = Find();
        if (corpus is null)
        {
            yield break;
        }

        using (var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(corpus, "dev-mailbox.json"))))
        {
            foreach (var e in doc.RootElement.GetProperty("dm_events").EnumerateArray())
            {
                if (e.TryGetProperty("text", out var text) && text.GetString() is { } t)
                {
                    yield return t;
                }
            }
        }

        foreach (var (text, _) in PublicAutoDms(corpus))
        {
            yield return text;
        }

        foreach (var text in PublicSmsHam(corpus))
        {
            yield return text;
        }
    }

    public static IEnumerable<(string Text, string Repo)> PublicAutoDms(string corpus)
    {
        var path = Path.Combine(corpus, "public", "real-autodm-texts.jsonl");
        if (!File.Exists(path))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            yield return (doc.RootElement.GetProperty("text").GetString() ?? string.Empty, doc.RootElement.GetProperty("repo").GetString() ?? string.Empty);
        }
    }

    public static IEnumerable<string> PublicSmsHam(string corpus)
    {
        var path = Path.Combine(corpus, "public", "SMSSpamCollection.tsv");
        if (!File.Exists(path))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(path))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0 && line.AsSpan(0, tab).SequenceEqual("ham"))
            {
                yield return line[(tab + 1)..];
            }
        }
    }
}
