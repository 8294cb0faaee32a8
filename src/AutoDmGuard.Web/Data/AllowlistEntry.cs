namespace AutoDmGuard.Web.Data;

/// <summary>A user the account never wants flagged, whatever their messages look like.</summary>
public sealed class AllowlistEntry
{
    public required string AccountId { get; set; }
    public required string Username { get; set; }
    public string? UserId { get; set; }
    public DateTime AddedAt { get; set; }
}
