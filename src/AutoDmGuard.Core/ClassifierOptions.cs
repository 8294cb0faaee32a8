namespace AutoDmGuard.Core;

/// <summary>
/// Tuning knobs of <see cref="InboxClassifier"/>; the defaults are the ones measured in docs/classifier.md.
/// Template matching is tuned on the <see cref="TemplateIndex"/> itself (similarity, minimum words).
/// </summary>
public sealed class ClassifierOptions
{
    private readonly ClassifierModel? _model;
    private readonly double? _flagThreshold;

    /// <summary>The fitted weights; by default <see cref="ClassifierModel.Default"/> (Model/classifier-model.json).</summary>
    public ClassifierModel Model { get => _model ?? ClassifierModel.Default; init => _model = value; }

    /// <summary>
    /// Score at or above which a DM (and a sender) is flagged. The default is the threshold fitted with
    /// <see cref="Model"/> (`autodmguard train` picks it for precision: a false flag costs a friendship).
    /// </summary>
    public double FlagThreshold { get => _flagThreshold ?? Model.FlagThreshold; init => _flagThreshold = value; }

    /// <summary>Minimum marks of each kind before the per-account model learned from marks contributes.</summary>
    public int MinMarksToLearn { get; init; } = 3;

    public static ClassifierOptions Default { get; } = new();
}
