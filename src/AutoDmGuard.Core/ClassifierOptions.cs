namespace AutoDmGuard.Core;

/// <summary>
/// Tuning knobs of <see cref="InboxClassifier"/>; the defaults are the ones measured in docs/classifier.md.
/// Template matching is tuned on the <see cref="TemplateIndex"/> itself (similarity, minimum words).
/// </summary>
public sealed class ClassifierOptions
{
    /// <summary>Score at or above which a DM (and a sender) is flagged. Chosen for precision: a false flag costs a friendship.</summary>
    public double FlagThreshold { get; init; } = 0.6;

    /// <summary>Minimum marks of each kind before the per-account model learned from marks contributes.</summary>
    public int MinMarksToLearn { get; init; } = 3;

    public static ClassifierOptions Default { get; } = new();
}
