namespace AutoDmGuard.Core;

/// <summary>Tuning knobs of <see cref="InboxClassifier"/>; the defaults are the ones measured in docs/classifier.md.</summary>
public sealed class ClassifierOptions
{
    /// <summary>Score at or above which a DM (and a sender) is flagged. Chosen for precision: a false flag costs a friendship.</summary>
    public double FlagThreshold { get; init; } = 0.6;

    /// <summary>Estimated Jaccard similarity of two normalized texts at or above which they count as the same template.</summary>
    public double TemplateSimilarity { get; init; } = 0.5;

    /// <summary>Minimum number of words a normalized text needs before it can join a template cluster (short replies like "lol yes" never do).</summary>
    public int MinTemplateWords { get; init; } = 5;

    /// <summary>Minimum marks of each kind before the per-account model learned from marks contributes.</summary>
    public int MinMarksToLearn { get; init; } = 3;

    public static ClassifierOptions Default { get; } = new();
}
