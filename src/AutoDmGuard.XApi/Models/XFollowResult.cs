namespace AutoDmGuard.XApi;

/// <summary>Result of follow/unfollow: following, and pending_follow for a protected target.</summary>
public sealed record XFollowResult
{
    /// <summary>Whether the source now follows the target.</summary>
    public bool Following { get; init; }

    /// <summary>True when a follow request awaits a protected account's approval.</summary>
    public bool? PendingFollow { get; init; }
}
