namespace AutoDmGuard.Web.Data;

/// <summary>
/// One account following one user, as the worker observed it. X gives no follow times, so the follow is known to lie
/// between <see cref="FollowedAt"/> (the previous following sync, the earliest it can have happened; null for follows
/// that predate the first sync) and <see cref="FirstSeenAt"/> (the sync that first listed it). <see cref="UnfollowedAt"/>
/// is set when it disappears; a return starts a new window (FollowedAt moves, FirstSeenAt stays the first sighting).
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
