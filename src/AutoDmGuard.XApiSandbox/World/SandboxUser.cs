namespace AutoDmGuard.XApiSandbox;

/// <summary>An X user as the sandbox stores it; only id and username are required (FORMAT.md).</summary>
internal sealed record SandboxUser(string Id, string Username, string Name)
{
    public string? Description { get; init; }

    public DateTime? CreatedAt { get; init; }

    public bool Verified { get; init; }

    public bool Protected { get; init; }

    public string? Url { get; init; }

    public string? Location { get; init; }

    public UserMetrics? PublicMetrics { get; init; }
}

internal sealed record UserMetrics(long FollowersCount, long FollowingCount, long TweetCount, long ListedCount, long? LikeCount);
