namespace AutoDmGuard.XApiSandbox;

internal sealed record UserMetrics(long FollowersCount, long FollowingCount, long TweetCount, long ListedCount, long? LikeCount);
