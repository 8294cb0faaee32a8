namespace AutoDmGuard.Web.Data;

/// <summary>
/// One account following one user, as the worker observed it. <see cref="FollowedAt"/> is the moment the app first saw
/// the follow (null for follows that predate the first sync); <see cref="UnfollowedAt"/> is set when it disappears.
/// </summary>
public sealed class Follow
{
    public required string AccountId { get; set; }
    public required string UserId { get; set; }
    public DateTime? FollowedAt { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime? UnfollowedAt { get; set; }
}
