namespace AutoDmGuard.XApiSandbox;

/// <summary>A DM event (docs/sandbox.md, DM lookups). Ordered by <see cref="Key"/>: time, then snowflake id.</summary>
internal sealed record DmEvent(
    string Id,
    string EventType,
    string ConversationId,
    DateTime CreatedAt,
    string? SenderId,
    string? Text,
    IReadOnlyList<string>? ParticipantIds)
{
    public const string MessageCreate = "MessageCreate";
    public const string ParticipantsJoin = "ParticipantsJoin";
    public const string ParticipantsLeave = "ParticipantsLeave";

    public EventKey Key { get; } = new(CreatedAt.Ticks, ulong.Parse(Id, System.Globalization.CultureInfo.InvariantCulture));
}
