using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace AutoDmGuard.Core;

/// <summary>
/// A hashed word model: naive Bayes log-ratios (automated vs personal) of the DM's word unigrams and bigrams after
/// normalization (names, links, numbers, emoji masked), hashed into 2^18 buckets. Its sum, clamped and scaled, is one
/// more feature of the fitted combination (not counted as template/promotion evidence for the back-and-forth check) (<c>text-model</c>), trained by `autodmguard train` on the same grouped
/// folds as the weights. Stored sparse (the buckets the training texts use) in Model/text-model.json.
/// </summary>
public sealed class TextModel
{
    public const int Bits = 18;
    public const double Clamp = 6;
    public const double Scale = 2;
    private const int Mask = (1 << Bits) - 1;

    private readonly float[] _weights;

    public TextModel(IReadOnlyDictionary<int, double> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        _weights = new float[1 << Bits];
        Buckets = new Dictionary<int, double>(buckets);
        foreach (var (bucket, w) in buckets)
        {
            _weights[bucket & Mask] = (float)w;
        }
    }

    public static TextModel Empty { get; } = new(new Dictionary<int, double>());

    /// <summary>The non-zero buckets and their log-ratios.</summary>
    public IReadOnlyDictionary<int, double> Buckets { get; }

    public bool IsEmpty => Buckets.Count == 0;

    /// <summary>
    /// The feature value for a DM's distinct buckets: Σ log-ratio / √(buckets, at least 4), clamped to ±<see cref="Clamp"/>,
    /// divided by <see cref="Scale"/>. The square root keeps a long, carefully written personal message from looking
    /// "more automated" just for having more words than a text message.
    /// </summary>
    public double Value(ReadOnlySpan<int> distinctBuckets)
    {
        // A span, not a list interface: one boxed enumerator and two interface calls per bucket fewer on every DM.
        var weights = _weights;
        double sum = 0;
        foreach (var b in distinctBuckets)
        {
            sum += weights[b];
        }

        return Math.Clamp(sum / Math.Sqrt(Math.Max(4, distinctBuckets.Length)), -Clamp, Clamp) / Scale;
    }

    /// <summary>Distinct buckets of the unigrams and bigrams of <paramref name="tokens"/> (punctuation skipped), sorted, into <paramref name="into"/>.</summary>
    internal static void BucketsOf(TokenList tokens, List<int> into)
    {
        into.Clear();
        uint previous = 0;
        var havePrevious = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Length == 1 && !char.IsLetterOrDigit(t[0]))
            {
                continue;
            }

            var h = Fnv(t);
            into.Add((int)(h & Mask));
            if (havePrevious)
            {
                into.Add((int)(((previous * 0x9E3779B1u) ^ (h + 0x7F4A7C15u)) & Mask));
            }

            previous = h;
            havePrevious = true;
        }

        // Bucket numbers are hashes below 2^Bits: the range sort gives a plain sort's order for less.
        var buckets = MemoryMarshal.Cast<int, uint>(CollectionsMarshal.AsSpan(into));
        TemplateFingerprint.SortBelow(buckets, 1u << Bits);
        var n = TemplateFingerprint.Distinct(buckets);
        into.RemoveRange(n, into.Count - n);
    }

    private static uint Fnv(ReadOnlySpan<char> s)
    {
        var h = 2166136261u;
        foreach (var c in s)
        {
            h = (h ^ c) * 16777619u;
        }

        return h;
    }

    public static TextModel FromJson(string json)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("the text model must be a JSON object");
        var buckets = new Dictionary<int, double>();
        if (root["buckets"] is JsonObject b)
        {
            foreach (var (k, v) in b)
            {
                buckets[int.Parse(k, CultureInfo.InvariantCulture)] = v?.GetValue<double>() ?? 0;
            }
        }

        return new TextModel(buckets);
    }

    public string ToJson()
    {
        var b = new JsonObject();
        foreach (var (k, v) in Buckets.OrderBy(kv => kv.Key))
        {
            b[k.ToString(CultureInfo.InvariantCulture)] = Math.Round(v, 2);
        }

        return new JsonObject { ["bits"] = Bits, ["buckets"] = b }.ToJsonString() + "\n";
    }
}
