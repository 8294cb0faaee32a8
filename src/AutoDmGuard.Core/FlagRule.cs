namespace AutoDmGuard.Core;

/// <summary>
/// When a DM or a sender is flagged: its score reaches the threshold and the user has not vetoed it (allowlisted the
/// sender, or marked them as a real person). The classifier, the web app's scorer and its Settings page all flag
/// through this.
/// </summary>
public static class FlagRule
{
    public static bool IsFlagged(double score, double threshold, bool vetoed) => !vetoed && score >= threshold;
}
