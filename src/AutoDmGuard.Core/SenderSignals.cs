namespace AutoDmGuard.Core;

/// <summary>Names of sender-level signals a verdict's reasons can carry, for callers that act on them (their weights: <see cref="Weights"/>).</summary>
public static class SenderSignals
{
    /// <summary>
    /// The user replied and the sender answered with something written for them. It applies to every DM of the sender,
    /// the earlier ones too, so a caller that stores verdicts re-scores the sender's earlier flagged DMs when it appears.
    /// </summary>
    public const string RealBackAndForth = "real-back-and-forth";
}
