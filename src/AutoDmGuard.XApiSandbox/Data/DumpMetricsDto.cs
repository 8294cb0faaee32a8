using System.Text.Json.Serialization;

namespace AutoDmGuard.XApiSandbox;

internal sealed record DumpMetricsDto(
    [property: JsonPropertyName("followers_count")] long FollowersCount,
    [property: JsonPropertyName("following_count")] long FollowingCount,
    [property: JsonPropertyName("tweet_count")] long TweetCount,
    [property: JsonPropertyName("listed_count")] long ListedCount,
    [property: JsonPropertyName("like_count")] long? LikeCount);
