namespace AutoDmGuard.Web.Data;

/// <summary>An X user as one account saw them (a DM sender or someone they follow). Kept per account: no row is shared between tenants.</summary>
public sealed class KnownUser
{
    public required string AccountId { get; set; }
    public required string UserId { get; set; }
    public required string Username { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? ProfileImageUrl { get; set; }
    public DateTime? CreatedAt { get; set; }
    public bool Verified { get; set; }
    public bool Protected { get; set; }
    public int? FollowersCount { get; set; }
    public int? FollowingCount { get; set; }
    public DateTime UpdatedAt { get; set; }
}
