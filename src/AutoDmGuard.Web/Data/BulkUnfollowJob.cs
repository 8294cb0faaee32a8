namespace AutoDmGuard.Web.Data;

/// <summary>"Unfollow all shown": its items are <see cref="SenderAction"/> rows with this job's id, worked off within X's limits.</summary>
public sealed class BulkUnfollowJob
{
    public long Id { get; set; }
    public required string AccountId { get; set; }
    public BulkJobStatus Status { get; set; }
    public string Filter { get; set; } = "";
    public int Total { get; set; }
    public int Done { get; set; }
    public int Failed { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public DateTime? CompletedAt { get; set; }

    /// <summary>The app instance working this job (its instance id), while <see cref="LeaseExpiresAt"/> lies ahead; null when none.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }
}

public enum BulkJobStatus
{
    Queued,
    Running,
    WaitingForRateLimit,
    Completed,
    Cancelled,
}
