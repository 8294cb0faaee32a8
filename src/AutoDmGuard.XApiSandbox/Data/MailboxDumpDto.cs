using System.Text.Json.Serialization;

namespace AutoDmGuard.XApiSandbox;

// Wire shape of FORMAT.md ("autodmguard-mailbox/1"); read only by MailboxDumpLoader, which validates every field.
internal sealed record MailboxDumpDto(
    [property: JsonPropertyName("format")] string? Format,
    [property: JsonPropertyName("me")] DumpUserDto? Me,
    [property: JsonPropertyName("users")] List<DumpUserDto?>? Users,
    [property: JsonPropertyName("following")] List<DumpFollowDto?>? Following,
    [property: JsonPropertyName("dm_events")] List<DumpEventDto?>? DmEvents);
