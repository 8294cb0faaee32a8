namespace AutoDmGuard.Web.Data;

/// <summary>One row per (account, DM sender): the sender-level verdict the dashboard lists, plus what the user did about it.</summary>
public sealed class SenderVerdict
{
    public required string AccountId { get; set; }
    public required string SenderId { get; set; }
    public double Score { get; set; }
    public bool Flagged { get; set; }

    /// <summary>JSON array of the top {signal, weight, reason} entries.</summary>
    public string TopReasonsJson { get; set; } = "[]";
    public int DmCount { get; set; }
    public DateTime LatestDmAt { get; set; }
    public string? LatestDmExcerpt { get; set; }
    public SenderStatus Status { get; set; }

    /// <summary>The user's own mark, which the classifier learns from; null when unmarked.</summary>
    public SenderMark? Mark { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum SenderStatus
{
    Active,
    Kept,
    Unfollowed,
    Muted,
}

/// <summary>
/// What the user said about a sender on the dashboard (stored by name). Only "not automated" is offered: flagging is
/// the classifier's, and Core's <c>FeedbackMark</c> turns this into the classifier's feedback.
/// </summary>
public enum SenderMark
{
    NotAutomated,
}
