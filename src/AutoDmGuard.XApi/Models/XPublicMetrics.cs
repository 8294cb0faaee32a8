namespace AutoDmGuard.XApi;

/// <summary>user.public_metrics.</summary>
public sealed record XPublicMetrics
{
    /// <summary>Followers.</summary>
    public int? FollowersCount { get; init; }

    /// <summary>Accounts followed.</summary>
    public int? FollowingCount { get; init; }

    /// <summary>Posts.</summary>
    public int? TweetCount { get; init; }

    /// <summary>Lists the user is on.</summary>
    public int? ListedCount { get; init; }

    /// <summary>Likes given.</summary>
    public int? LikeCount { get; init; }
}
