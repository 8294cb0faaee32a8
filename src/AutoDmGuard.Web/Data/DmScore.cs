namespace AutoDmGuard.Web.Data;

/// <summary>
/// The classifier's verdict on one received DM. Written after the event itself, so an event without a score is one the
/// worker still has to score (a crash between the two writes loses nothing).
/// </summary>
public sealed class DmScore
{
    public required string AccountId { get; set; }
    public required string EventId { get; set; }
    public double Score { get; set; }
    public bool Flagged { get; set; }

    /// <summary>JSON array of {signal, weight, reason}.</summary>
    public string ReasonsJson { get; set; } = "[]";
    public string? TemplateKey { get; set; }
    public int TemplateSenderCount { get; set; }
    public DateTime ScoredAt { get; set; }
    public int ClassifierVersion { get; set; }

    /// <summary>
    /// Set when the DM's template cluster grew after it was scored (more senders now share its text): the worker re-scores
    /// it and clears this. A durable queue, so a crash between the growth and the re-score loses nothing.
    /// </summary>
    public DateTime? RescoreQueuedAt { get; set; }
}
