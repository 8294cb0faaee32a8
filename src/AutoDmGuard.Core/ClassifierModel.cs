using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AutoDmGuard.Core;

/// <summary>
/// The fitted combination: a bias and one log-odds weight per feature, plus the flag threshold chosen with it.
/// <see cref="Default"/> is <c>Model/classifier-model.json</c> (embedded), written by <c>autodmguard train</c>;
/// a DM's score is sigmoid(bias + Σ weight × value) over the features that fired, and each term is shown as a reason.
/// </summary>
public sealed class ClassifierModel
{
    private const string ResourceName = "AutoDmGuard.Core.Model.classifier-model.json";
    private const string TextResourceName = "AutoDmGuard.Core.Model.text-model.json";

    // Lazy, so `autodmguard train` can run (on the priors) while the file lacks a newly added feature.
    private static readonly Lazy<ClassifierModel> DefaultModel = new(LoadDefault);

    private readonly Dictionary<string, double> _weights;

    public ClassifierModel(double bias, IReadOnlyDictionary<string, double> weights, double flagThreshold, TextModel? text = null)
    {
        Text = text ?? TextModel.Empty;
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfLessThan(flagThreshold, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(flagThreshold, 1);
        Bias = bias;
        FlagThreshold = flagThreshold;
        _weights = new Dictionary<string, double>(weights, StringComparer.Ordinal);
        foreach (var feature in ModelFeatures.Fitted)
        {
            if (!_weights.ContainsKey(feature))
            {
                throw new ArgumentException($"the model has no weight for feature \"{feature}\"", nameof(weights));
            }
        }

        Version = ComputeVersion(bias, _weights, flagThreshold, Text);
    }

    /// <summary>The model in the repository (Model/classifier-model.json).</summary>
    public static ClassifierModel Default => DefaultModel.Value;

    /// <summary>The hand-set starting point of the fit (and the pull of its regularization): <see cref="ModelFeatures.Priors"/>.</summary>
    public static ClassifierModel Prior { get; } = new(ModelFeatures.PriorBias, ModelFeatures.Priors, ModelFeatures.PriorThreshold);

    public double Bias { get; }

    /// <summary>The score at or above which a DM is flagged; <see cref="ClassifierOptions.FlagThreshold"/> defaults to it.</summary>
    public double FlagThreshold { get; }

    public IReadOnlyDictionary<string, double> Weights => _weights;

    /// <summary>The hashed word model behind the <c>text-model</c> feature (empty: the feature never fires).</summary>
    public TextModel Text { get; }

    /// <summary>
    /// Changes whenever a weight, the bias or the threshold changes (hash of their values); stored verdicts scored
    /// with another version are stale. Rule changes in code do not change it: bump the scorer's own version for those.
    /// </summary>
    public string Version { get; }

    public double Weight(string feature) =>
        _weights.TryGetValue(feature, out var w) ? w : throw new KeyNotFoundException($"the classifier model has no weight for \"{feature}\"");

    public static ClassifierModel FromJson(string json, string? textJson = null)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("the classifier model must be a JSON object");
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        if (root["weights"] is not JsonObject w)
        {
            throw new FormatException("the classifier model has no \"weights\" object");
        }

        foreach (var (name, value) in w)
        {
            weights[name] = value?.GetValue<double>() ?? throw new FormatException($"weight \"{name}\" is null");
        }

        return new ClassifierModel(
            root["bias"]?.GetValue<double>() ?? throw new FormatException("the classifier model has no \"bias\""),
            weights,
            root["flag_threshold"]?.GetValue<double>() ?? throw new FormatException("the classifier model has no \"flag_threshold\""),
            textJson is null ? null : TextModel.FromJson(textJson));
    }

    /// <summary>The JSON form (weights sorted by name, rounded to 4 decimals so a re-fit diff is readable), with free-form notes.</summary>
    public string ToJson(IReadOnlyDictionary<string, string>? notes = null)
    {
        var root = new JsonObject
        {
            ["bias"] = Math.Round(Bias, 4),
            ["flag_threshold"] = Math.Round(FlagThreshold, 4),
        };
        var weights = new JsonObject();
        foreach (var (name, value) in _weights.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            weights[name] = Math.Round(value, 4);
        }

        root["weights"] = weights;
        if (notes is not null)
        {
            var n = new JsonObject();
            foreach (var (k, v) in notes)
            {
                n[k] = v;
            }

            root["notes"] = n;
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static ClassifierModel LoadDefault()
    {
        return FromJson(Resource(ResourceName), Resource(TextResourceName));
    }

    private static string Resource(string name)
    {
        using var stream = typeof(ClassifierModel).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string ComputeVersion(double bias, Dictionary<string, double> weights, double threshold, TextModel words)
    {
        var text = string.Join(
            ";",
            weights.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value:R}"))
                .Prepend(string.Create(CultureInfo.InvariantCulture, $"bias={bias:R};threshold={threshold:R}"))
                .Concat(words.Buckets.OrderBy(kv => kv.Key).Select(kv => string.Create(CultureInfo.InvariantCulture, $"#{kv.Key}={kv.Value:R}"))));
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }
}
