namespace AutoDmGuard.Core;

/// <summary>
/// Per-account naive Bayes learned from the user's marks: features are the normalized words of the marked senders'
/// DMs and the signals that fired on them. It only speaks once the user marked enough senders of both kinds, and its
/// vote is bounded so a few marks cannot outweigh the rest of the evidence.
/// </summary>
internal sealed class FeedbackModel
{
    private readonly Dictionary<string, (int Auto, int Personal)> _counts;
    private readonly int _autoTotal;
    private readonly int _personalTotal;
    private readonly int _vocabulary;

    private FeedbackModel(Dictionary<string, (int Auto, int Personal)> counts, int autoTotal, int personalTotal)
    {
        _counts = counts;
        _autoTotal = autoTotal;
        _personalTotal = personalTotal;
        _vocabulary = Math.Max(1, counts.Count);
    }

    public static FeedbackModel? Train(IReadOnlyList<DmFacts> received, FeedbackSet feedback, int minMarks)
    {
        if (feedback.AutomatedCount < minMarks || feedback.NotAutomatedCount < minMarks)
        {
            return null;
        }

        var counts = new Dictionary<string, (int Auto, int Personal)>(StringComparer.Ordinal);
        int autoTotal = 0, personalTotal = 0;
        var autoSenders = new HashSet<string>(StringComparer.Ordinal);
        var personalSenders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in received)
        {
            var label = feedback.LabelFor(f.Message.SenderId);
            if (label is null)
            {
                continue;
            }

            var auto = label == FeedbackLabel.Automated;
            (auto ? autoSenders : personalSenders).Add(f.Message.SenderId);
            foreach (var feature in Features(f))
            {
                var c = counts.GetValueOrDefault(feature);
                counts[feature] = auto ? (c.Auto + 1, c.Personal) : (c.Auto, c.Personal + 1);
                if (auto)
                {
                    autoTotal++;
                }
                else
                {
                    personalTotal++;
                }
            }
        }

        // Marks on senders whose messages are not in this run teach nothing about words.
        return autoSenders.Count >= minMarks && personalSenders.Count >= minMarks
            ? new FeedbackModel(counts, autoTotal, personalTotal)
            : null;
    }

    /// <summary>Bounded log-likelihood ratio (automated vs personal) of the DM's features; class priors left out.</summary>
    public double Score(DmFacts facts)
    {
        var llr = 0.0;
        foreach (var feature in Features(facts))
        {
            if (!_counts.TryGetValue(feature, out var c))
            {
                continue;
            }

            llr += Math.Log((c.Auto + 1.0) / (_autoTotal + _vocabulary))
                - Math.Log((c.Personal + 1.0) / (_personalTotal + _vocabulary));
        }

        return Math.Clamp(llr * Weights.LearnedScale, -Weights.LearnedMax, Weights.LearnedMax);
    }

    private static IEnumerable<string> Features(DmFacts facts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in facts.Tokens)
        {
            if (TemplateFingerprint.IsContent(t) && seen.Add(t))
            {
                yield return t;
            }
        }

        // Signal names, without the counts in them (template-shared-by-7-senders -> template-shared).
        foreach (var h in facts.Hits)
        {
            var name = h.Signal.StartsWith("template-shared", StringComparison.Ordinal) ? "template-shared" : h.Signal;
            if (h.Weight > 0 && seen.Add("#" + name))
            {
                yield return "#" + name;
            }
        }
    }
}
