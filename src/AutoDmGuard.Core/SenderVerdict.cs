namespace AutoDmGuard.Core;

/// <summary>The verdict on a sender, built from all of their received DMs.</summary>
public sealed record SenderVerdict(
    string SenderId,
    double Score,
    bool Flagged,
    IReadOnlyList<SignalHit> TopReasons,
    int DmCount);
