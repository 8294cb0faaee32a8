namespace AutoDmGuard.Core;

/// <summary>
/// The near-duplicate fingerprint of one normalized DM: its character 4-gram shingles (hashed, sorted, distinct)
/// for the exact Jaccard check, and 32 LSH band keys from a 64-bin one-permutation MinHash for candidate lookup.
/// </summary>
internal sealed class TemplateFingerprint
{
    public const int Bins = 64;
    public const int RowsPerBand = 2;
    public const int Bands = Bins / RowsPerBand;
    private const int ShingleLength = 4;

    private TemplateFingerprint(uint[] shingles, ulong[] bandKeys, int wordCount)
    {
        Shingles = shingles;
        BandKeys = bandKeys;
        WordCount = wordCount;
    }

    public uint[] Shingles { get; }

    public ulong[] BandKeys { get; }

    public int WordCount { get; }

    /// <summary>
    /// Fingerprints the content words and masks of a normalized token list (punctuation and emoji are ignored, so a
    /// swapped emoji or an extra "!" changes nothing). Null when there are fewer than <paramref name="minWords"/> words.
    /// </summary>
    public static TemplateFingerprint? Create(IReadOnlyList<string> tokens, int minWords)
    {
        var words = 0;
        foreach (var token in tokens)
        {
            if (IsContent(token))
            {
                words++;
            }
        }

        if (words < minWords || words == 0)
        {
            return null;
        }

        var content = new System.Text.StringBuilder();
        foreach (var token in tokens)
        {
            if (IsContent(token))
            {
                if (content.Length > 0)
                {
                    content.Append(' ');
                }

                content.Append(token);
            }
        }

        var text = content.ToString();
        var hashes = new List<uint>(text.Length);
        var bins = new ulong[Bins];
        Array.Fill(bins, ulong.MaxValue);
        var shingleCount = Math.Max(1, text.Length - ShingleLength + 1);
        for (var start = 0; start < shingleCount; start++)
        {
            var h = 1469598103934665603UL;
            var stop = Math.Min(text.Length, start + ShingleLength);
            for (var k = start; k < stop; k++)
            {
                h = (h ^ text[k]) * 1099511628211UL;
            }

            h = Mix(h);
            hashes.Add((uint)h);
            var bin = (int)(h >> 58);
            var value = h & 0x03FF_FFFF_FFFF_FFFFUL;
            if (value < bins[bin])
            {
                bins[bin] = value;
            }
        }

        hashes.Sort();
        var distinct = new List<uint>(hashes.Count);
        foreach (var h in hashes)
        {
            if (distinct.Count == 0 || distinct[^1] != h)
            {
                distinct.Add(h);
            }
        }

        Densify(bins);
        var keys = new ulong[Bands];
        for (var b = 0; b < Bands; b++)
        {
            keys[b] = Mix(((ulong)b << 56) ^ Mix(bins[b * RowsPerBand]) ^ (Mix(bins[(b * RowsPerBand) + 1]) * 31));
        }

        return new TemplateFingerprint([.. distinct], keys, words);
    }

    /// <summary>Exact Jaccard similarity of the two shingle sets.</summary>
    public double Jaccard(TemplateFingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var a = Shingles;
        var b = other.Shingles;
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        var union = a.Length + b.Length - common;
        return union == 0 ? 0 : (double)common / union;
    }

    internal static bool IsContent(string token) =>
        token.Length > 0 && (TextNormalizer.IsWordChar(token[0]) || (token[0] == '<' && token != TextNormalizer.Emoji && token.Length > 1));

    // One-permutation hashing leaves bins empty for short texts; borrow the next filled bin (rotation densification)
    // so every band is usable and two texts with the same shingles still get the same keys.
    private static void Densify(ulong[] bins)
    {
        var anyFilled = false;
        foreach (var v in bins)
        {
            if (v != ulong.MaxValue)
            {
                anyFilled = true;
                break;
            }
        }

        if (!anyFilled)
        {
            return;
        }

        var copy = (ulong[])bins.Clone();
        for (var i = 0; i < Bins; i++)
        {
            if (copy[i] != ulong.MaxValue)
            {
                continue;
            }

            var distance = 1;
            while (copy[(i + distance) % Bins] == ulong.MaxValue)
            {
                distance++;
            }

            bins[i] = Mix(copy[(i + distance) % Bins] + ((ulong)distance * 0x9E3779B97F4A7C15UL));
        }
    }

    internal static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return x;
    }
}
