namespace AutoDmGuard.Core.Tests;

/// <summary>
/// The index's storage in chunks (band table of 8,192 slots per chunk, 2,048 shared buckets per chunk, the entries' data
/// in native blocks of 64 KB to 1 MB) and its up-front reservation: an index large enough to span many chunks and
/// blocks, with reservations both short of and beyond what is added, still clusters every template's copies and
/// nothing else.
/// </summary>
public class TemplateIndexCapacityTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(500)]
    [InlineData(100_000)]
    public void Copies_of_many_templates_cluster_however_much_was_reserved(int reserved)
    {
        const int templates = 400;
        const int copies = 6;
        var index = new TemplateIndex();
        index.EnsureCapacity(reserved);
        var rng = new Random(7);
        var texts = new string[templates];
        for (var t = 0; t < templates; t++)
        {
            // Random letters: texts of different templates share next to no 4-grams.
            texts[t] = string.Join(' ', Enumerable.Range(0, 14).Select(_ => new string(Enumerable.Range(0, 6).Select(_ => (char)('a' + rng.Next(26))).ToArray())));
        }

        var entries = new int[templates, copies];
        var n = 0;
        for (var c = 0; c < copies; c++)
        {
            // Small reservations between adds, as a worker's polls make them.
            index.EnsureCapacity(3);
            for (var t = 0; t < templates; t++)
            {
                var tokens = new List<string>();
                TextNormalizer.Tokenize(texts[t] + " ok", [], tokens);
                entries[t, c] = index.Add("inbox", $"e{n++}", $"s{t}-{c}", TemplateFingerprint.Create(tokens, index.MinWords));
            }
        }

        var cluster = index.ClusterOfEachEntry();
        for (var t = 0; t < templates; t++)
        {
            for (var c = 0; c < copies; c++)
            {
                Assert.Equal(cluster[entries[t, 0]], cluster[entries[t, c]]);
                Assert.Equal(copies, index.Match(entries[t, c]).SenderCount);
            }

            if (t > 0)
            {
                Assert.NotEqual(cluster[entries[t - 1, 0]], cluster[entries[t, 0]]);
            }
        }
    }
}
