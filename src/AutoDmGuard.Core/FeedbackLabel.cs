namespace AutoDmGuard.Core;

/// <summary>The user's own judgement of a sender, given on the dashboard.</summary>
public enum FeedbackLabel
{
    Automated,
    NotAutomated,
}
