namespace AutoDmGuard.Web.Data;

/// <summary>
/// Something the user asked the app to do to a sender (unfollow, undo, mute, feedback). Pending rows of a bulk job are
/// the worker's queue; done rows are the audit trail that Undo reads.
/// </summary>
public sealed class SenderAction
{
    public long Id { get; set; }
    public required string AccountId { get; set; }
    public required string TargetUserId { get; set; }
    public SenderActionKind Kind { get; set; }
    public ActionStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public string? Error { get; set; }
    public long? BulkJobId { get; set; }

    /// <summary>The app instance that claimed this bulk item (set with <see cref="ActionStatus.InFlight"/>), so only it records the outcome.</summary>
    public string? ClaimedBy { get; set; }
}

public enum SenderActionKind
{
    Unfollow,
    Refollow,
    Mute,
    Unmute,
    MarkAutomated,
    MarkNotAutomated,
}

public enum ActionStatus
{
    Pending,
    Done,
    Failed,
    Cancelled,

    /// <summary>
    /// Claimed by the bulk runner just before its call to X (<see cref="SenderAction.CompletedAt"/> = when): counted
    /// against X's budget, and, if the app died during the call, checked against X before anything is sent again.
    /// </summary>
    InFlight,
}
