using System.Text.Json.Serialization;

namespace AutoDmGuard.XApiSandbox;

internal sealed record DumpFollowDto(
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("followed_at")] string? FollowedAt);
