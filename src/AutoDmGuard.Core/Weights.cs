namespace AutoDmGuard.Core;

/// <summary>
/// Log-odds weights of the non-text signals (text rules carry theirs in <see cref="PatternRules"/>).
/// The score is sigmoid(Bias + sum of the weights that fired); docs/classifier.md explains each one.
/// </summary>
internal static class Weights
{
    public const double Bias = -2.5;

    public const double TemplateBase = 2.2;
    public const double TemplatePerLogSender = 0.7;
    public const double TemplateMax = 4.5;
    public const int TemplateFullWeightWords = 8;
    public const double TemplateOtherInboxesPerLog = 0.5;
    public const double TemplateOtherInboxesMax = 1.5;

    public const double WithinAMinuteOfFollow = 2.0;
    public const double WithinMinutesOfFollow = 1.3;
    public const double WithinADayOfFollow = 0.3;

    public const double DripWithoutReply = 1.0;
    public const double FirstContact = 0.5;
    public const double UserWroteEarlier = -1.0;
    public const double GroupConversation = -1.5;
    public const double RealBackAndForth = -3.0;
    public const double ShortReply = -1.0;

    public const double ContainsLink = 0.5;
    public const double UniqueText = -0.7;
    public const double FakePersonalization = 1.0;
    public const double SignedWithOwnName = 0.6;

    public const double FollowsManyAccounts = 0.4;
    public const double PromotionalBio = 0.6;
    public const double NewAccount = 0.5;

    /// <summary>Share of the gap to the sender's strongest DM that the sender's other DMs inherit.</summary>
    public const double SenderInheritance = 0.85;

    public const double MarkedAutomated = 6.0;
    public const double MarkedNotAutomated = -8.0;
    public const double Allowlisted = -10.0;
    public const double LearnedScale = 0.5;
    public const double LearnedMax = 2.0;

    /// <summary>A message whose own text evidence stays below this is "written for you" when it answers a reply.</summary>
    public const double SpecificTextMax = 0.8;
}
