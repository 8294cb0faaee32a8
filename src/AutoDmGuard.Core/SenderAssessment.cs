namespace AutoDmGuard.Core;

/// <summary>The verdict on a sender, built from all of their received DMs.</summary>
public sealed record SenderAssessment(
    string SenderId,
    double Score,
    bool Flagged,
    IReadOnlyList<SignalHit> TopReasons,
    int DmCount)
{
    /// <summary>The user vetoed flagging this sender (see <see cref="DmVerdict.Vetoed"/>).</summary>
    public bool Vetoed { get; init; }
}
