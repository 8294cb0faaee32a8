namespace AutoDmGuard.Core;

/// <summary>
/// The verdict on one received DM: calibrated probability that it is automated, whether it is flagged, the signals
/// that fired (strongest first), and the template cluster it belongs to with how many distinct senders sent it.
/// </summary>
public sealed record DmVerdict(
    string EventId,
    string SenderId,
    double Score,
    bool Flagged,
    IReadOnlyList<SignalHit> Reasons,
    string? TemplateKey,
    int TemplateSenderCount)
{
    /// <summary>The user vetoed flagging this sender (allowlist, a not-automated mark): never flagged, whatever the threshold.</summary>
    public bool Vetoed { get; init; }
}
