using System.Text.Json.Serialization;

namespace AutoDmGuard.XApiSandbox;

// Wire shape of FORMAT.md ("autodmguard-mailbox/1"); read only by MailboxDumpLoader, which validates every field.
internal sealed record MailboxDumpDto(
    [property: JsonPropertyName("format")] string? Format,
    [property: JsonPropertyName("me")] DumpUserDto? Me,
    [property: JsonPropertyName("users")] List<DumpUserDto?>? Users,
    [property: JsonPropertyName("following")] List<DumpFollowDto?>? Following,
    [property: JsonPropertyName("dm_events")] List<DumpEventDto?>? DmEvents);

internal sealed record DumpUserDto(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("created_at")] string? CreatedAt,
    [property: JsonPropertyName("verified")] bool? Verified,
    [property: JsonPropertyName("protected")] bool? Protected,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("location")] string? Location,
    [property: JsonPropertyName("public_metrics")] DumpMetricsDto? PublicMetrics);

internal sealed record DumpMetricsDto(
    [property: JsonPropertyName("followers_count")] long FollowersCount,
    [property: JsonPropertyName("following_count")] long FollowingCount,
    [property: JsonPropertyName("tweet_count")] long TweetCount,
    [property: JsonPropertyName("listed_count")] long ListedCount,
    [property: JsonPropertyName("like_count")] long? LikeCount);

internal sealed record DumpFollowDto(
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("followed_at")] string? FollowedAt);

internal sealed record DumpEventDto(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("event_type")] string? EventType,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("sender_id")] string? SenderId,
    [property: JsonPropertyName("participant_ids")] List<string>? ParticipantIds,
    [property: JsonPropertyName("dm_conversation_id")] string? DmConversationId,
    [property: JsonPropertyName("created_at")] string? CreatedAt);
