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
}
