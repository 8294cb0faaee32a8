using System.Text.Json.Serialization;

namespace AutoDmGuard.MailboxDump;

// The wire shape of an `autodmguard-mailbox/1` dump (FORMAT.md), written by MailboxDumpWriter and read by
// DumpJsonParser. Everything is nullable here; MailboxDumpReader checks what is required and names the JSON path of
// anything missing or malformed. Fields beyond FORMAT.md's example (protected, url, location, like_count,
// participant_ids) are X API v2 fields the sandbox serves back.
public sealed record MailboxDto(
    [property: JsonPropertyName("format")] string? Format,
    [property: JsonPropertyName("me")] UserDto? Me,
    [property: JsonPropertyName("users")] IReadOnlyList<UserDto?>? Users,
    [property: JsonPropertyName("following")] IReadOnlyList<FollowingDto?>? Following,
    [property: JsonPropertyName("dm_events")] IReadOnlyList<DmEventDto?>? DmEvents);

public sealed record UserDto(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("created_at")] string? CreatedAt,
    [property: JsonPropertyName("verified")] bool? Verified,
    [property: JsonPropertyName("public_metrics")] PublicMetricsDto? PublicMetrics,
    [property: JsonPropertyName("protected")] bool? Protected = null,
    [property: JsonPropertyName("url")] string? Url = null,
    [property: JsonPropertyName("location")] string? Location = null);

// Counts are 64-bit, as X documents them; any may be absent (FORMAT.md: only id and username are required).
public sealed record PublicMetricsDto(
    [property: JsonPropertyName("followers_count")] long? FollowersCount,
    [property: JsonPropertyName("following_count")] long? FollowingCount,
    [property: JsonPropertyName("tweet_count")] long? TweetCount = null,
    [property: JsonPropertyName("listed_count")] long? ListedCount = null,
    [property: JsonPropertyName("like_count")] long? LikeCount = null);

public sealed record FollowingDto(
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("followed_at")] string? FollowedAt);

public sealed record DmEventDto(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("event_type")] string? EventType,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("sender_id")] string? SenderId,
    [property: JsonPropertyName("dm_conversation_id")] string? DmConversationId,
    [property: JsonPropertyName("created_at")] string? CreatedAt,
    [property: JsonPropertyName("participant_ids")] IReadOnlyList<string?>? ParticipantIds = null)
{
    /// <summary>
    /// <c>created_at</c> as DumpJsonParser parsed it from the dump's bytes (the X API's exact spelling), with
    /// <see cref="CreatedAt"/> then null: no string per event on the way to <see cref="DumpEvent.CreatedAt"/>. Not part of the wire shape.
    /// </summary>
    [JsonIgnore]
    internal DateTime? CreatedAtUtc { get; init; }

    /// <summary>
    /// <c>text</c>'s handle in the <see cref="Utf8TextStore"/> DumpJsonParser was given, with <see cref="Text"/> then
    /// null; -1 otherwise. Not part of the wire shape.
    /// </summary>
    [JsonIgnore]
    internal int TextHandle { get; init; } = -1;
}

public sealed record LabelDto(
    [property: JsonPropertyName("dm_event_id")] string? DmEventId,
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("category")] string? Category);

// Reading: what DumpJsonParser must match (no comments, no trailing commas). Writing: absent fields are left out.
[JsonSourceGenerationOptions(
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MailboxDto))]
[JsonSerializable(typeof(LabelDto))]
internal sealed partial class DumpJsonContext : JsonSerializerContext;
