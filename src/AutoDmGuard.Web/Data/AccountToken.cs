namespace AutoDmGuard.Web.Data;

/// <summary>
/// The account's OAuth tokens, encrypted with ASP.NET Core Data Protection before they reach this row.
/// <see cref="Version"/> is a concurrency token: a refresh saves the rotated pair only if nobody else did first.
/// </summary>
public sealed class AccountToken
{
    public required string AccountId { get; set; }
    public required string ProtectedAccessToken { get; set; }
    public string? ProtectedRefreshToken { get; set; }
    public DateTime AccessTokenExpiresAt { get; set; }
    public string Scope { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
}
