using System.Text.Json.Serialization;

namespace AutoDmGuard.XApiSandbox;

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
