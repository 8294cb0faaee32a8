using System.Text.Json.Serialization;

namespace AutoDmGuard.Cli;

// The wire shape of an `autodmguard-mailbox/1` dump (shared/corpus/FORMAT.md). Everything is nullable here;
// DumpReader checks what is required and names the JSON path of anything missing or malformed.
internal sealed record MailboxDto(
    [property: JsonPropertyName("format")] string? Format,
    [property: JsonPropertyName("me")] UserDto? Me,
    [property: JsonPropertyName("users")] List<UserDto?>? Users,
    [property: JsonPropertyName("following")] List<FollowingDto?>? Following,
    [property: JsonPropertyName("dm_events")] List<DmEventDto?>? DmEvents);

internal sealed record UserDto(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("created_at")] string? CreatedAt,
    [property: JsonPropertyName("verified")] bool? Verified,
    [property: JsonPropertyName("public_metrics")] PublicMetricsDto? PublicMetrics);

internal sealed record PublicMetricsDto(
    [property: JsonPropertyName("followers_count")] int? FollowersCount,
    [property: JsonPropertyName("following_count")] int? FollowingCount);

internal sealed record FollowingDto(
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("followed_at")] string? FollowedAt);

internal sealed record DmEventDto(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("event_type")] string? EventType,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("sender_id")] string? SenderId,
    [property: JsonPropertyName("dm_conversation_id")] string? DmConversationId,
    [property: JsonPropertyName("created_at")] string? CreatedAt);

internal sealed record LabelDto(
    [property: JsonPropertyName("dm_event_id")] string? DmEventId,
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("category")] string? Category);

[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow, AllowTrailingCommas = false)]
[JsonSerializable(typeof(MailboxDto))]
[JsonSerializable(typeof(LabelDto))]
internal sealed partial class DumpJsonContext : JsonSerializerContext;
