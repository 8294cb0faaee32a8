namespace AutoDmGuard.XApi;

/// <summary>user.public_metrics. The spec types every count as int64, so they are read as long.</summary>
public sealed record XPublicMetrics
{
    /// <summary>Followers.</summary>
    public long? FollowersCount { get; init; }

    /// <summary>Accounts followed.</summary>
    public long? FollowingCount { get; init; }

    /// <summary>Posts, under the name live X sends (tweet_count).</summary>
    public long? TweetCount { get; init; }

    /// <summary>Posts, under the spec's name (post_count, v2.167).</summary>
    public long? PostCount { get; init; }

    /// <summary>Lists the user is on.</summary>
    public long? ListedCount { get; init; }

    /// <summary>Likes given.</summary>
    public long? LikeCount { get; init; }

    /// <summary>Media items posted.</summary>
    public long? MediaCount { get; init; }
}
