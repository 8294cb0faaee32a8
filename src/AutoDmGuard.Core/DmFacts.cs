namespace AutoDmGuard.Core;

/// <summary>The evidence gathered about one received DM during a scoring run.</summary>
internal sealed class DmFacts(DmMessage message, ClassifierModel model, bool keepFeatures = false)
{
    private readonly List<SignalHit> _hits = new(8);

    // Only training needs the raw feature values; scoring keeps just the hits (one list fewer per DM).
    private readonly List<KeyValuePair<string, double>>? _features = keepFeatures ? new(8) : null;

    public DmMessage Message { get; private set; } = message;

    /// <summary>
    /// Swaps <see cref="Message"/> for a copy without its text once the text is analyzed: nothing after the analysis
    /// reads it, and an inbox of long DMs would otherwise keep every text (~2 bytes a character) alive to the end of
    /// the run. Returns the copy, for the run's other lists to take the same one.
    /// </summary>
    public DmMessage ReleaseText() => Message = Message.WithoutText();

    public string[] Tokens { get; set; } = [];

    /// <summary>The text's hashed word buckets, kept only when extracting features for training.</summary>
    public int[] TextBuckets { get; set; } = [];

    public int Entry { get; set; } = -1;

    /// <summary>The template fingerprint between analysis and indexing (null afterwards, or when the text is too short).</summary>
    public TemplateFingerprint? Fingerprint { get; set; }

    public int WordCount { get; set; }

    public bool IsNew { get; set; }

    public bool UserWroteBefore { get; set; }

    public bool NeverFlag { get; set; }

    public string? TemplateKey { get; set; }

    public int TemplateSenderCount { get; set; }

    /// <summary>Sum of the text signals (rules, template, link): how templated or promotional the words are.</summary>
    public double TextEvidence { get; private set; }

    public double Logit { get; private set; } = model.Bias;

    public IReadOnlyList<SignalHit> Hits => _hits;

    /// <summary>The fitted features that fired, with their values (what <c>autodmguard train</c> learns from).</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Features => _features ?? [];

    public bool Has(string signal)
    {
        foreach (var h in _hits)
        {
            if (h.Signal == signal)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a rule that sells, pitches or nudges fired (a thanks opener, a link or a placeholder-free text do not count).</summary>
    public bool HasPromotion()
    {
        foreach (var h in _hits)
        {
            if (h.Weight > 0 && h.Signal is not (ModelFeatures.ThanksForFollow or "contains-link"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A fitted text feature: its contribution is the model's weight for <paramref name="feature"/> × <paramref name="value"/>.</summary>
    public void AddText(string signal, string reason, string? feature = null, double value = 1)
    {
        var weight = Fitted(feature ?? signal, value);
        TextEvidence += weight;
        Add(signal, weight, reason);
    }

    /// <summary>
    /// The word model's verdict: fitted like the rest, but not "text evidence" (a rule or a template), so a personal
    /// reply in formal words still counts as real back-and-forth.
    /// </summary>
    public void AddWords(string signal, string reason, string feature, double value) => Add(signal, Fitted(feature, value), reason);

    /// <summary>A fitted feature of timing, conversation or profile.</summary>
    public void AddContext(string signal, string reason) => Add(signal, Fitted(signal, 1), reason);

    public void AddSender(string signal, double weight, string reason) => Add(signal, weight, reason);

    public DmVerdict ToVerdict(double threshold)
    {
        var score = InboxScoring.Sigmoid(Logit);
        var reasons = _hits.ToArray();
        Array.Sort(reasons, static (a, b) =>
            Math.Abs(b.Weight).CompareTo(Math.Abs(a.Weight)) is var c && c != 0 ? c : string.CompareOrdinal(a.Signal, b.Signal));
        return new DmVerdict(
            Message.EventId,
            Message.SenderId,
            score,
            FlagRule.IsFlagged(score, threshold, NeverFlag),
            reasons,
            TemplateKey,
            TemplateSenderCount)
        {
            Vetoed = NeverFlag,
        };
    }

    private double Fitted(string feature, double value)
    {
        _features?.Add(new(feature, value));
        return model.Weight(feature) * value;
    }

    private void Add(string signal, double weight, string reason)
    {
        _hits.Add(new SignalHit(signal, weight, reason));
        Logit += weight;
    }
}
