namespace AutoDmGuard.Core;

/// <summary>
/// Hand-set evidence that is not fitted (the fitted weights are in <see cref="ClassifierModel"/>): sender-level
/// evidence the training inboxes cannot show (the user's marks, allowlist, the model learned from marks, real
/// back-and-forth, a sender's strongest DM) and the shapes of the valued features. docs/classifier.md explains each.
/// </summary>
internal static class Weights
{
    public const double TemplatePerLogSender = 0.32;
    public const double TemplateMaxValue = 2.05;
    public const int TemplateFullWeightWords = 8;
    public const double TemplateOtherInboxesMaxValue = 3.0;

    // Sized for the fitted scale (bias about -7): a real conversation or the user's own mark decides on its own.
    public const double RealBackAndForth = -8.0;

    /// <summary>Share of the gap to the sender's strongest DM that the sender's other DMs inherit.</summary>
    public const double SenderInheritance = 0.85;

    public const double MarkedAutomated = 10.0;
    public const double MarkedNotAutomated = -10.0;
    public const double Allowlisted = -12.0;
    public const double LearnedScale = 0.5;
    public const double LearnedMax = 2.0;

    /// <summary>A message whose own text evidence stays below this is "written for you" when it answers a reply.</summary>
    public const double SpecificTextMax = 0.8;
}
