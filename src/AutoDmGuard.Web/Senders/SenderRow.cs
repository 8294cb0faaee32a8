using AutoDmGuard.Web.Data;

namespace AutoDmGuard.Web.Senders;

/// <summary>One row of the senders list.</summary>
public sealed record SenderRow(
    string SenderId,
    string Username,
    string? Name,
    string? ProfileImageUrl,
    double Score,
    bool Flagged,
    SenderStatus Status,
    FeedbackMark? Mark,
    IReadOnlyList<ReasonChip> TopReasons,
    int DmCount,
    DateTime LatestDmAt,
    string? LatestDmExcerpt,
    FollowState Follow);

/// <summary>Whether and since when the account follows a sender, as the worker last saw it.</summary>
public sealed record FollowState(bool Following, DateTime? FollowedAt, DateTime? UnfollowedAt)
{
    public static FollowState None { get; } = new(false, null, null);
}
