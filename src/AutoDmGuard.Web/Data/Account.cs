namespace AutoDmGuard.Web.Data;

/// <summary>An X user who signed in to this deployment. The key is the X user id; every other row hangs off it.</summary>
public sealed class Account
{
    public required string Id { get; set; }
    public required string Username { get; set; }
    public string? Name { get; set; }
    public string? ProfileImageUrl { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastSignInAt { get; set; }

    /// <summary>Set when a refresh failed (revoked, expired): the worker stops and the dashboard asks to reconnect.</summary>
    public bool NeedsReauthorization { get; set; }
    public string? ReauthorizationReason { get; set; }

    /// <summary>Per-account settings; null means the deployment default.</summary>
    public double? FlagThreshold { get; set; }
    public int? PollIntervalSeconds { get; set; }

    /// <summary>
    /// Demo mode: the id of the persisted sandbox world this account's data came from (null for real X). Sign-in and
    /// start-up compare it with the running world, so one account never mixes two worlds.
    /// </summary>
    public string? SandboxWorldId { get; set; }

    /// <summary>
    /// Carried in the session cookie and checked on every request; sign-out replaces it, so every copy of every cookie
    /// issued before ends at once (also in other browsers). Empty (rows from before it existed) matches no cookie.
    /// </summary>
    public string SessionStamp { get; set; } = "";

    public AccountToken? Token { get; set; }
    public PollState? PollState { get; set; }
}
