using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDmGuard.Core;

/// <summary>
/// The near-duplicate fingerprint of one normalized DM: its character 4-gram shingles (hashed, sorted, distinct, at most
/// <see cref="MaxShingles"/>) for the Jaccard check, and 32 LSH band keys from a 64-bin one-permutation MinHash for candidate lookup.
/// </summary>
/// <remarks>
/// Every stack buffer here is written before it is read (or cleared explicitly), so the runtime's zeroing of them is
/// skipped: several kilobytes per DM on long texts.
/// </remarks>
[SkipLocalsInit]
internal sealed class TemplateFingerprint
{
    public const int Bins = 64;
    public const int RowsPerBand = 2;
    public const int Bands = Bins / RowsPerBand;
    private const int ShingleLength = 4;

    // Up to this many characters of content a text's shingle hashes go on the stack; longer texts use LongTextBuffer.
    internal const int MaxStackChars = 512;

    /// <summary>
    /// Shingles kept per DM: the smallest hashes (a bottom-k sample). Texts with fewer are kept whole and compared
    /// exactly; a long text (about 45 words and up) keeps only these, which bounds both its memory in the index
    /// (the index keeps every DM) and the cost of comparing it, at a standard error of about 0.03 near the threshold.
    /// </summary>
    public const int MaxShingles = 256;

    private TemplateFingerprint(uint[] data, ulong[] bandKeys, int wordCount)
    {
        Data = data;
        BandKeys = bandKeys;
        WordCount = wordCount;
    }

    /// <summary>A fingerprint as <see cref="TemplateIndex.Indexed"/> handed it out (its data and band keys), to index it again.</summary>
    internal static TemplateFingerprint Restore(uint[] data, ulong[] bandKeys) => new(data, bandKeys, 0);

    /// <summary>
    /// What the index keeps of a DM, in one array: the 64 densified one-permutation MinHash values (low 32 bits, for a
    /// quick similarity estimate) followed by the shingle hashes (sorted, distinct, the smallest <see cref="MaxShingles"/>, for the Jaccard check).
    /// </summary>
    public uint[] Data { get; }

    /// <summary>The LSH band keys: needed only to insert the DM into the index's buckets, never stored.</summary>
    public ulong[] BandKeys { get; }

    public int WordCount { get; }

    /// <summary>
    /// Fingerprints the content words and masks of a normalized token list (punctuation and emoji are ignored, so a
    /// swapped emoji or an extra "!" changes nothing). Null when there are fewer than <paramref name="minWords"/> words.
    /// </summary>
    public static TemplateFingerprint? Create(IReadOnlyList<string> tokens, int minWords) => Create(TokenList.Of(tokens), minWords);

    /// <inheritdoc cref="Create(IReadOnlyList{string}, int)"/>
    public static TemplateFingerprint? Create(TokenList tokens, int minWords)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var words = 0;
        var chars = 0;
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            if (IsContent(token))
            {
                words++;
                chars += token.Length + 1;
            }
        }

        if (words < minWords || words == 0)
        {
            return null;
        }

        var hashes = chars <= MaxStackChars ? stackalloc uint[chars] : LongTextBuffer(chars);
        Span<ulong> bins = stackalloc ulong[Bins];
        bins.Fill(EmptyBin);
        var n = 0;

        // The shingle is the last four UTF-16 units packed in one ulong, so no substring is ever built.
        ulong window = 0;
        var filled = 0;
        var first = true;
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            if (!IsContent(token))
            {
                continue;
            }

            for (var k = first ? 0 : -1; k < token.Length; k++)
            {
                window = (window << 16) | (k < 0 ? ' ' : token[k]);
                if (++filled >= ShingleLength)
                {
                    Add(Mix(window), hashes, bins, ref n);
                }
            }

            first = false;
        }

        if (filled < ShingleLength)
        {
            Add(Mix(window), hashes, bins, ref n);
        }

        var used = hashes[..n];
        var distinct = SmallestDistinct(used);

        Densify(bins);
        var data = new uint[Bins + distinct];
        for (var i = 0; i < Bins; i++)
        {
            data[i] = (uint)bins[i];
        }

        used[..distinct].CopyTo(data.AsSpan(Bins));

        var keys = new ulong[Bands];
        for (var b = 0; b < Bands; b++)
        {
            keys[b] = Mix(((ulong)b << 56) ^ Mix(bins[b * RowsPerBand]) ^ (Mix(bins[(b * RowsPerBand) + 1]) * 31));
        }

        return new TemplateFingerprint(data, keys, words);
    }

    // A long text's shingle hashes are scratch space (only the smallest MaxShingles are kept): one buffer per thread
    // instead of a new array per DM.
    [ThreadStatic]
    private static uint[]? t_longText;

    private static Span<uint> LongTextBuffer(int length)
    {
        var buffer = t_longText;
        if (buffer is null || buffer.Length < length)
        {
            t_longText = buffer = new uint[Math.Max(length, 2048)];
        }

        return buffer.AsSpan(0, length);
    }

    /// <summary>
    /// Moves the smallest <see cref="MaxShingles"/> distinct values of <paramref name="values"/> (all of them when there
    /// are fewer), sorted, to its front and returns how many there are.
    /// </summary>
    internal static int SmallestDistinct(Span<uint> values)
    {
        // A long text: the hashes are uniform, so about 2 * MaxShingles of them lie below this cut. When those hold
        // MaxShingles distinct values they are exactly the smallest ones (everything else is above the cut), and
        // sorting them is much cheaper than sorting all. Otherwise (repetitive text) sort everything.
        if (values.Length > 3 * MaxShingles)
        {
            var cut = (uint)Math.Min(uint.MaxValue, 2.0 * MaxShingles / values.Length * uint.MaxValue);
            var below = 0;
            foreach (var v in values)
            {
                below += v < cut ? 1 : 0;
            }

            if (below >= MaxShingles)
            {
                var selected = below <= 1024 ? stackalloc uint[below] : new uint[below];
                var k = 0;
                foreach (var v in values)
                {
                    // Without a branch: each value is below the cut at random (2 * MaxShingles of them on average),
                    // which no predictor guesses.
                    if (k == below)
                    {
                        break;
                    }

                    selected[k] = v;
                    k += v < cut ? 1 : 0;
                }

                SortBelow(selected, cut);
                var found = Distinct(selected);
                if (found >= MaxShingles)
                {
                    selected[..MaxShingles].CopyTo(values);
                    return MaxShingles;
                }
            }
        }

        return Math.Min(SortDistinct(values), MaxShingles);
    }

    // Sorts and removes duplicates in place; returns the number of distinct values (now at the front).
    private static int SortDistinct(Span<uint> values)
    {
        // Shingle hashes are uniform over all 32 bits, so the range sort applies with the whole range as its cut.
        if (values.Length <= 4096)
        {
            SortBelow(values, uint.MaxValue);
        }
        else
        {
            values.Sort();
        }

        return Distinct(values);
    }

    /// <summary>
    /// Sorts values that all lie below <paramref name="cut"/> (or are <see cref="uint.MaxValue"/> when that is the cut)
    /// and are about uniform there (hashes under a cut): a radix sort on each value's place among 65,536 equal ranges
    /// of [0, cut) in two byte-wide counting passes, then an insertion sort for values that share a range (a few pairs
    /// in a DM), which on otherwise sorted data moves almost nothing. The order is that of any sort; it only costs less
    /// than a comparison sort's (or a coarser range sort's) mispredicted branches.
    /// </summary>
    internal static void SortBelow(Span<uint> values, uint cut)
    {
        if (values.Length < 64)
        {
            values.Sort();
            return;
        }

        // place(v) = floor(v * 65536 / cut) by a multiply and shift: monotonic in v and below 65,536 for every v < cut
        // (the product stays under 2^48, no overflow).
        var scale = (1UL << 48) / Math.Max(cut, 1u);
        Span<int> low = stackalloc int[256];
        Span<int> high = stackalloc int[256];
        low.Clear();
        high.Clear();
        foreach (var v in values)
        {
            var place = (int)(((ulong)v * scale) >> 32);
            low[place & 0xFF]++;
            high[place >> 8]++;
        }

        int lowSum = 0, highSum = 0;
        for (var b = 0; b < 256; b++)
        {
            (low[b], lowSum) = (lowSum, lowSum + low[b]);
            (high[b], highSum) = (highSum, highSum + high[b]);
        }

        var scratch = values.Length <= 1024 ? stackalloc uint[values.Length] : new uint[values.Length];
        foreach (var v in values)
        {
            scratch[low[(int)(((ulong)v * scale) >> 32) & 0xFF]++] = v;
        }

        foreach (var v in scratch)
        {
            values[high[(int)(((ulong)v * scale) >> 40)]++] = v;
        }

        for (var i = 1; i < values.Length; i++)
        {
            var v = values[i];
            var j = i - 1;
            while (j >= 0 && values[j] > v)
            {
                values[j + 1] = values[j];
                j--;
            }

            values[j + 1] = v;
        }
    }

    /// <summary>
    /// Removes duplicates from sorted values in place; returns the number of distinct values (now at the front). Without
    /// a branch on the comparison: how often neighbours repeat depends on the text, and a mispredicted branch per value
    /// cost more than the store.
    /// </summary>
    internal static int Distinct(Span<uint> values)
    {
        if (values.IsEmpty)
        {
            return 0;
        }

        var distinct = 1;
        var previous = values[0];
        for (var i = 1; i < values.Length; i++)
        {
            var v = values[i];
            values[distinct] = v;
            distinct += v != previous ? 1 : 0;
            previous = v;
        }

        return distinct;
    }

    // An empty bin: above every bin value (58 bits), so a shingle's value always lowers it.
    private const ulong EmptyBin = 1UL << 58;

    private static void Add(ulong h, Span<uint> hashes, Span<ulong> bins, ref int n)
    {
        hashes[n++] = (uint)h;
        var bin = (int)(h >> 58);
        var value = h & (EmptyBin - 1);

        // The smaller of the two without a branch: a fifth of a long text's shingles lower their bin, at random
        // (values and bins both lie below 2^58, so the difference's sign bit tells which is smaller).
        var current = bins[bin];
        var smaller = (ulong)((long)(value - current) >> 63);
        bins[bin] = current ^ ((value ^ current) & smaller);
    }

    /// <summary>Share of equal MinHash bins of two <see cref="Data"/> arrays: an unbiased estimate of the Jaccard similarity, 64 comparisons.</summary>
    public static double EstimatedJaccard(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b) => EqualBins(a, b) / (double)Bins;

    /// <summary>Number of equal MinHash bins of two <see cref="Data"/> arrays (eight 256-bit compares where the CPU has them).</summary>
    public static int EqualBins(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        var x = a[..Bins];
        var y = b[..Bins];
        var equal = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (var i = 0; i < Bins; i += Vector256<uint>.Count)
            {
                var mask = Vector256.Equals(Vector256.Create(x[i..]), Vector256.Create(y[i..])).ExtractMostSignificantBits();
                equal += BitOperations.PopCount(mask);
            }

            return equal;
        }

        for (var i = 0; i < Bins; i++)
        {
            if (x[i] == y[i])
            {
                equal++;
            }
        }

        return equal;
    }

    /// <summary>
    /// Jaccard similarity of the shingle sets of two <see cref="Data"/> arrays: exact when both texts kept all their
    /// shingles (fewer than <see cref="MaxShingles"/>), else the bottom-k estimate over the
    /// <see cref="MaxShingles"/> smallest hashes of the union.
    /// </summary>
    public static double Jaccard(ReadOnlySpan<uint> x, ReadOnlySpan<uint> y)
    {
        var a = x[Bins..];
        var b = y[Bins..];
        if (IsSample(a, b))
        {
            return SampleCommon(a, b, 0, int.MaxValue) / (double)MaxShingles;
        }

        var common = CountCommon(a, b, 0, int.MaxValue);
        var union = a.Length + b.Length - common;
        return union == 0 ? 0 : (double)common / union;
    }

    /// <summary>
    /// Exactly <c>Jaccard(x, y) &gt;= threshold</c>, but an exact merge stops as soon as the answer is known: when the
    /// shingles in common reach <see cref="MinCommon"/>, or when the ones left can no longer get there.
    /// </summary>
    public static bool JaccardAtLeast(ReadOnlySpan<uint> x, ReadOnlySpan<uint> y, double threshold)
    {
        var a = x[Bins..];
        var b = y[Bins..];
        if (IsSample(a, b))
        {
            var enough = MinSampleCommon(threshold);
            return SampleCommon(a, b, enough, enough) >= enough;
        }

        var needed = MinCommon(a.Length, b.Length, threshold);
        return needed <= Math.Min(a.Length, b.Length) && CountCommon(a, b, needed, needed) >= needed;
    }

    // The fewest of the MaxShingles sampled hashes two texts must share for common / MaxShingles >= threshold.
    private static int MinSampleCommon(double threshold)
    {
        var c = Math.Max(0, (int)(threshold * MaxShingles) - 1);
        while (c <= MaxShingles && c / (double)MaxShingles < threshold)
        {
            c++;
        }

        return c;
    }

    private static bool IsSample(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b) => a.Length >= MaxShingles || b.Length >= MaxShingles;

    // Of the MaxShingles smallest hashes of a ∪ b, how many are in both. One of them holds MaxShingles values, so
    // all of those are at or below its largest kept value, where both arrays are complete.
    // Stops early once `enough` are found or fewer than `needed` remain possible (as CountCommon; needed 0 counts all).
    private static int SampleCommon(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b, int needed, int enough)
    {
        int i = 0, j = 0, seen = 0, common = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Eight hashes of each list at a time: the values up to the smaller of the two blocks' last ones are exactly
            // the merge's next steps (everything before the blocks is smaller, everything after them larger), so one
            // step takes them all: how many of each list, and which of them are in both (each of a's eight against
            // each rotation of b's). The early exits hold at block edges as at single steps (the bound only falls), and
            // the block that would pass MaxShingles is left to the single steps below.
            ref var headA = ref MemoryMarshal.GetReference(a);
            ref var headB = ref MemoryMarshal.GetReference(b);
            var rotate = Vector256.Create(1u, 2, 3, 4, 5, 6, 7, 0);
            while (i + 8 <= a.Length && j + 8 <= b.Length)
            {
                if (common >= enough || common + (MaxShingles - seen) < needed)
                {
                    return common;
                }

                var va = Vector256.LoadUnsafe(ref headA, (nuint)i);
                var vb = Vector256.LoadUnsafe(ref headB, (nuint)j);
                var upTo = Vector256.Create(Math.Min(a[i + 7], b[j + 7]));
                var takeA = Vector256.LessThanOrEqual(va, upTo);
                var takeB = Vector256.LessThanOrEqual(vb, upTo);
                var equal = Vector256.Equals(va, vb);
                for (var r = 1; r < 8; r++)
                {
                    vb = Vector256.Shuffle(vb, rotate);
                    equal |= Vector256.Equals(va, vb);
                }

                var fromA = BitOperations.PopCount(takeA.ExtractMostSignificantBits());
                var fromB = BitOperations.PopCount(takeB.ExtractMostSignificantBits());
                // A value in both blocks is at most both blocks' last values, so it is one of the steps taken.
                var both = BitOperations.PopCount(equal.ExtractMostSignificantBits());
                if (seen + fromA + fromB - both > MaxShingles)
                {
                    break;
                }

                seen += fromA + fromB - both;
                common += both;
                i += fromA;
                j += fromB;
            }
        }

        // Each step takes the smaller head (both when equal) without a branch on the comparison, which a merge of two
        // random hash lists mispredicts every other step. Once one list is used up the remaining steps share nothing.
        for (; seen < MaxShingles && i < a.Length && j < b.Length; seen++)
        {
            if (common >= enough || common + (MaxShingles - seen) < needed)
            {
                return common;
            }

            var x = a[i];
            var y = b[j];
            common += x == y ? 1 : 0;
            i += x <= y ? 1 : 0;
            j += y <= x ? 1 : 0;
        }

        return common;
    }

    /// <summary>
    /// The fewest shared shingles two sets of <paramref name="sizeA"/> and <paramref name="sizeB"/> shingles need for
    /// <c>common / (sizeA + sizeB - common) &gt;= threshold</c>, computed with the same double division as
    /// <see cref="Jaccard"/> (the ratio only grows with common, so fewer never passes and more always does). More
    /// than <c>min(sizeA, sizeB)</c> means the sizes alone rule a match out.
    /// </summary>
    public static int MinCommon(int sizeA, int sizeB, double threshold)
    {
        var n = sizeA + sizeB;
        if (n == 0)
        {
            return 1; // two empty sets have similarity 0 (see Jaccard)
        }

        var c = Math.Max(0, (int)(threshold * n / (1 + threshold)) - 1);
        while (c < n && (double)c / (n - c) < threshold)
        {
            c++;
        }

        return c;
    }

    // Counts shared values of two sorted distinct arrays; stops early once `enough` are found or fewer than `needed`
    // remain possible (the count returned is then below `needed`, or at least `enough`).
    private static int CountCommon(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b, int needed, int enough)
    {
        // Branch-free steps as in SampleCommon; the bounds are checked every step, which a predictor gets right.
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (common >= enough || common + Math.Min(a.Length - i, b.Length - j) < needed)
            {
                return common;
            }

            var x = a[i];
            var y = b[j];
            common += x == y ? 1 : 0;
            i += x <= y ? 1 : 0;
            j += y <= x ? 1 : 0;
        }

        return common;
    }

    internal static bool IsContent(string token) => IsContent(token.AsSpan());

    internal static bool IsContent(ReadOnlySpan<char> token) =>
        token.Length > 0 && (TextNormalizer.IsWordChar(token[0]) || (token[0] == '<' && token.Length > 1 && !token.SequenceEqual(TextNormalizer.Emoji)));

    // One-permutation hashing leaves bins empty for short texts; borrow the next filled bin (rotation densification)
    // so every band is usable and two texts with the same shingles still get the same keys.
    private static void Densify(Span<ulong> bins)
    {
        var anyFilled = false;
        foreach (var v in bins)
        {
            if (v != EmptyBin)
            {
                anyFilled = true;
                break;
            }
        }

        if (!anyFilled)
        {
            return;
        }

        Span<ulong> copy = stackalloc ulong[Bins];
        bins.CopyTo(copy);
        for (var i = 0; i < Bins; i++)
        {
            if (copy[i] != EmptyBin)
            {
                continue;
            }

            var distance = 1;
            while (copy[(i + distance) % Bins] == EmptyBin)
            {
                distance++;
            }

            bins[i] = Mix(copy[(i + distance) % Bins] + ((ulong)distance * 0x9E3779B97F4A7C15UL)) & 0x03FF_FFFF_FFFF_FFFFUL;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
