using System.Text.Json.Serialization;

namespace AutoDmGuard.XApiSandbox;

internal sealed record DumpEventDto(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("event_type")] string? EventType,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("sender_id")] string? SenderId,
    [property: JsonPropertyName("participant_ids")] List<string>? ParticipantIds,
    [property: JsonPropertyName("dm_conversation_id")] string? DmConversationId,
    [property: JsonPropertyName("created_at")] string? CreatedAt);
