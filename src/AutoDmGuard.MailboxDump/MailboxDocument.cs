namespace AutoDmGuard.MailboxDump;

/// <summary>
/// A dump that passed every check of <see cref="MailboxDumpReader"/>: ids are decimal strings, times are parsed UTC,
/// every sender and followed account is a listed user (or <see cref="Me"/>), and event ids are unique.
/// </summary>
public sealed record MailboxDocument(
    DumpUser Me,
    IReadOnlyList<DumpUser> Users,
    IReadOnlyList<DumpFollow> Following,
    IReadOnlyList<DumpEvent> Events);

/// <summary>An X user object; only <see cref="Id"/> and <see cref="Username"/> are required (FORMAT.md).</summary>
public sealed record DumpUser(
    string Id,
    string Username,
    string? Name,
    string? Description,
    DateTime? CreatedAt,
    bool Verified,
    bool Protected,
    string? Url,
    string? Location,
    PublicMetricsDto? PublicMetrics);

/// <summary>An account <see cref="MailboxDocument.Me"/> follows; <see cref="FollowedAt"/> is null when unknown.</summary>
public sealed record DumpFollow(string UserId, DateTime? FollowedAt);

/// <summary>
/// A DM event. <see cref="SenderId"/> and <see cref="Text"/> (or <see cref="TextHandle"/>) are set for every
/// <see cref="MailboxFormat.MessageCreate"/>; <see cref="ParticipantIds"/> (non-empty) for joins and leaves.
/// </summary>
public sealed record DumpEvent(
    string Id,
    string EventType,
    string ConversationId,
    DateTime CreatedAt,
    string? SenderId,
    string? Text,
    IReadOnlyList<string>? ParticipantIds)
{
    public bool IsMessage => EventType == MailboxFormat.MessageCreate;

    /// <summary>
    /// When the dump was read with a <see cref="Utf8TextStore"/>: the text's handle there (<see cref="Text"/> is then
    /// null); -1 otherwise, and for an event without a text.
    /// </summary>
    public int TextHandle { get; init; } = -1;
}
