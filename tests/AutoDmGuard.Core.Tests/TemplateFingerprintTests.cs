using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AutoDmGuard.Core.Tests;

/// <summary>
/// The shortcuts the template index takes to keep its work per DM bounded must give the same answers as the plain
/// checks they replace: the size bound, the vectorized bin count, the early-exit Jaccard, and the bottom-k sample.
/// </summary>
public class TemplateFingerprintTests
{
    private static readonly double[] Thresholds = [0.3, 0.1, 0.25, 0.5, 1.0 / 3, 0.7, 0.9, 1.0];

    // A Data array: 64 bins (a few values, so equal bins occur), then sorted distinct shingle hashes drawn from a small
    // universe so that two arrays share some.
    private static Gen<uint[]> DataArrays(int maxShingles)
    {
        var shingles = Gen.Choose(0, maxShingles).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 600), n));
        var bins = Gen.ArrayOf(Gen.Choose(0, 3), TemplateFingerprint.Bins);
        return shingles.SelectMany(_ => bins, (int[] s, int[] b) =>
            b.Select(v => (uint)v).Concat(s.Select(v => (uint)v * 2654435761u).Distinct().Order()).ToArray());
    }

    private static double PlainJaccard(uint[] x, uint[] y)
    {
        var a = x.Skip(TemplateFingerprint.Bins).ToHashSet();
        var b = y.Skip(TemplateFingerprint.Bins).ToHashSet();
        var common = a.Count(b.Contains);
        var union = a.Count + b.Count - common;
        return union == 0 ? 0 : (double)common / union;
    }

    [Property(MaxTest = 300)]
    public Property Early_exit_check_agrees_with_the_full_Jaccard_for_every_threshold()
    {
        var cases = DataArrays(200).SelectMany(_ => DataArrays(200), (a, b) => (a, b))
            .SelectMany(_ => Gen.Elements(Thresholds), (ab, t) => (ab.a, ab.b, t)).ToArbitrary();
        return Prop.ForAll(cases, c =>
            TemplateFingerprint.Jaccard(c.a, c.b) == PlainJaccard(c.a, c.b)
            && TemplateFingerprint.JaccardAtLeast(c.a, c.b, c.t) == (TemplateFingerprint.Jaccard(c.a, c.b) >= c.t)
            && TemplateFingerprint.JaccardAtLeast(c.a, c.a, c.t) == (c.a.Length > TemplateFingerprint.Bins));
    }

    [Property(MaxTest = 300)]
    public Property Early_exit_check_agrees_with_the_bottom_k_estimate_on_sampled_texts()
    {
        // Long texts keep MaxShingles hashes; any pair with one of those is compared on the sample. Most pairs here have
        // one (a full sample drawn from a pool of 256-856 values, so overlaps run from all to almost none).
        var cases = SampledArrays().SelectMany(_ => Gen.OneOf(SampledArrays(), DataArrays(TemplateFingerprint.MaxShingles)), (a, b) => (a, b))
            .SelectMany(_ => Gen.Elements(Thresholds), (ab, t) => (ab.a, ab.b, t)).ToArbitrary();
        return Prop.ForAll(cases, c =>
            TemplateFingerprint.Jaccard(c.a, c.b) == PlainSampleJaccard(c.a, c.b)
            && TemplateFingerprint.JaccardAtLeast(c.a, c.b, c.t) == (TemplateFingerprint.Jaccard(c.a, c.b) >= c.t));
    }

    [Fact]
    public void Identical_full_samples_have_similarity_one()
    {
        var data = Enumerable.Repeat(0u, TemplateFingerprint.Bins).Concat(Enumerable.Range(1, TemplateFingerprint.MaxShingles).Select(v => (uint)v * 7919u)).ToArray();
        Assert.Equal(1.0, TemplateFingerprint.Jaccard(data, data));
        Assert.True(TemplateFingerprint.JaccardAtLeast(data, data, 1.0));
    }

    // Exactly MaxShingles distinct shingles (a long text's kept sample), drawn from a pool whose size sets the overlap.
    private static Gen<uint[]> SampledArrays() =>
        Gen.Choose(0, 600).SelectMany(
            extra => Gen.Shuffle(Enumerable.Range(0, TemplateFingerprint.MaxShingles + extra).ToArray()),
            (_, pool) => Enumerable.Repeat(0u, TemplateFingerprint.Bins)
                .Concat(pool.Take(TemplateFingerprint.MaxShingles).Select(v => (uint)v * 2654435761u).Order()).ToArray());

    // The bottom-k estimate written out: of the MaxShingles smallest hashes of a ∪ b, the share in both.
    private static double PlainSampleJaccard(uint[] x, uint[] y)
    {
        var a = x.Skip(TemplateFingerprint.Bins).ToHashSet();
        var b = y.Skip(TemplateFingerprint.Bins).ToHashSet();
        return a.Union(b).Order().Take(TemplateFingerprint.MaxShingles).Count(v => a.Contains(v) && b.Contains(v)) / (double)TemplateFingerprint.MaxShingles;
    }

    [Property(MaxTest = 500)]
    public Property Min_common_is_the_fewest_shared_shingles_that_reach_the_threshold()
    {
        var cases = Gen.Choose(0, 400).SelectMany(_ => Gen.Choose(0, 400), (a, b) => (a, b))
            .SelectMany(_ => Gen.Elements(Thresholds), (ab, t) => (ab.a, ab.b, t)).ToArbitrary();
        return Prop.ForAll(cases, c =>
        {
            var needed = TemplateFingerprint.MinCommon(c.a, c.b, c.t);
            var n = c.a + c.b;
            for (var common = 0; common <= Math.Min(c.a, c.b); common++)
            {
                var passes = n - common != 0 && (double)common / (n - common) >= c.t;
                if (passes != (common >= needed))
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Property(MaxTest = 200)]
    public Property Vectorized_bin_count_equals_the_plain_count()
    {
        var cases = DataArrays(4).SelectMany(_ => DataArrays(4), (a, b) => (a, b)).ToArbitrary();
        return Prop.ForAll(cases, c =>
            TemplateFingerprint.EqualBins(c.a, c.b) == Enumerable.Range(0, TemplateFingerprint.Bins).Count(i => c.a[i] == c.b[i]));
    }

    [Fact]
    public void A_long_text_keeps_its_smallest_shingle_hashes_and_a_short_one_keeps_all()
    {
        var longText = string.Join(' ', Enumerable.Range(0, 150).Select(Word));
        var prefix = string.Join(' ', Enumerable.Range(0, 8).Select(Word));

        var full = Fingerprint(longText).Data.AsSpan(TemplateFingerprint.Bins).ToArray();
        var shortOne = Fingerprint(prefix).Data.AsSpan(TemplateFingerprint.Bins).ToArray();

        Assert.Equal(TemplateFingerprint.MaxShingles, full.Length);
        Assert.InRange(shortOne.Length, 20, TemplateFingerprint.MaxShingles - 1);
        Assert.Equal(full.Order(), full);

        // The short text's shingles are all in the long one; those below the long one's largest kept hash must be kept.
        Assert.All(shortOne.Where(h => h <= full[^1]), h => Assert.Contains(h, full));
    }

    [Fact]
    public void Long_near_copies_still_cluster_and_long_unrelated_texts_do_not()
    {
        var random = new Random(7);
        string[] words = [.. Enumerable.Range(0, 3000).Select(i => Word((i * 7919) % 100_003))];
        var body = Enumerable.Range(0, 120).Select(_ => words[random.Next(words.Length)]).ToArray();
        var copy = (string[])body.Clone();
        for (var k = 0; k < 6; k++)
        {
            copy[random.Next(copy.Length)] = words[random.Next(words.Length)];
        }

        var other = Enumerable.Range(0, 120).Select(_ => words[random.Next(words.Length)]);
        var index = new TemplateIndex();
        var first = index.Add("inbox", "1", "a", Fingerprint(string.Join(' ', body)));
        var near = index.Add("inbox", "2", "b", Fingerprint(string.Join(' ', copy)));
        var unrelated = index.Add("inbox", "3", "c", Fingerprint(string.Join(' ', other)));

        Assert.Equal(2, index.Match(first).SenderCount);
        Assert.Equal(index.Match(first).Key, index.Match(near).Key);
        Assert.Equal(1, index.Match(unrelated).SenderCount);
    }

    [Fact]
    public void A_template_is_found_in_an_inbox_flooded_with_everyday_chatter()
    {
        // Short texts from a small vocabulary fill every band's bucket with unrelated DMs, which is where the per-DM
        // candidate budget applies; a real template must still find its earlier copies.
        var random = new Random(11);
        string[] vocabulary = ["ok", "see", "you", "tomorrow", "thanks", "too", "lunch", "later", "coffee", "running", "late",
            "home", "soon", "call", "me", "when", "free", "the", "train", "was", "great", "fun", "sure", "why", "not"];
        var index = new TemplateIndex();
        const string template = "Hey there! thanks for the follow, grab my free guide on sourdough starters here {0}";
        var templateEntries = new List<int>();
        for (var i = 0; i < 6000; i++)
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            if (i % 500 == 250)
            {
                templateEntries.Add(index.Add("inbox", id, "t" + id, Fingerprint(string.Format(CultureInfo.InvariantCulture, template, "https://t.co/" + id))));
                continue;
            }

            var chatter = string.Join(' ', Enumerable.Range(0, random.Next(5, 25)).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
            index.Add("inbox", id, "s" + (i % 600).ToString(CultureInfo.InvariantCulture), Fingerprint(chatter));
        }

        Assert.All(templateEntries, e => Assert.Equal(templateEntries.Count, index.Match(e).SenderCount));
    }

    // Letters only (digits would be masked as <num>): 0 -> "aaaa", 1 -> "baaa", ...
    private static string Word(int i)
    {
        var chars = new char[4];
        for (var k = 0; k < chars.Length; k++)
        {
            chars[k] = (char)('a' + (i % 26));
            i /= 26;
        }

        return new string(chars);
    }

    private static TemplateFingerprint Fingerprint(string text)
    {
        var tokens = new List<string>();
        TextNormalizer.Tokenize(text, [], tokens);
        return TemplateFingerprint.Create(tokens, 5) ?? throw new InvalidOperationException("too short: " + text);
    }

    [Theory]
    [InlineData(100, 0)]
    [InlineData(769, 0)]
    [InlineData(5000, 0)]
    [InlineData(5000, 300)]
    [InlineData(2000, 40)]
    [InlineData(800, 260)]
    public void The_smallest_distinct_shingles_are_those_a_full_sort_keeps(int count, int vocabulary)
    {
        // vocabulary 0: uniform hashes (the cut applies); otherwise few distinct values (a repetitive text: the cut
        // finds too few and the full sort runs).
        var random = new Random(count + vocabulary);
        var pool = Enumerable.Range(0, Math.Max(1, vocabulary)).Select(_ => (uint)random.NextInt64(0, 1L << 32)).ToArray();
        var values = Enumerable.Range(0, count).Select(_ => vocabulary == 0 ? (uint)random.NextInt64(0, 1L << 32) : pool[random.Next(pool.Length)]).ToArray();
        var expected = values.Distinct().Order().Take(TemplateFingerprint.MaxShingles).ToArray();

        var n = TemplateFingerprint.SmallestDistinct(values);

        Assert.Equal(expected, values[..n]);
    }

    [Property(MaxTest = 300)]
    public Property The_range_sort_sorts_any_values_below_the_cut()
    {
        // Uniform or clumped (duplicates, all in one range, values at the cut's edge): the order is a plain sort's.
        var cases = Gen.OneOf(Gen.Choose(1, int.MaxValue).Select(c => (uint)c * 2u), Gen.Constant(uint.MaxValue), Gen.Constant(1u << TextModel.Bits))
            .SelectMany(cut => Gen.Choose(0, 1500).SelectMany(n => Gen.ArrayOf(
                Gen.OneOf(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 5), Gen.Choose(int.MaxValue - 5, int.MaxValue))
                    .Select(v => (uint)((ulong)(uint)v * 2u % cut)), n)), (cut, values) => (cut, values))
            .ToArbitrary();
        return Prop.ForAll(cases, c =>
        {
            var values = c.values.ToArray();
            TemplateFingerprint.SortBelow(values, c.cut);
            return values.SequenceEqual(c.values.Order());
        });
    }
}
