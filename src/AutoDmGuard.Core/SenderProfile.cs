namespace AutoDmGuard.Core;

/// <summary>What the X API tells us about a DM sender (users lookup / DM includes).</summary>
public sealed record SenderProfile(
    string Id,
    string Username,
    string? Name,
    string? Description,
    DateTime? CreatedAtUtc,
    bool Verified,
    int? FollowersCount,
    int? FollowingCount);
