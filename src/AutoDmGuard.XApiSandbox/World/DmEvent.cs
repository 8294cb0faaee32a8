namespace AutoDmGuard.XApiSandbox;

/// <summary>A DM event (x-api.md §3.3). Ordered by <see cref="Key"/>: time, then snowflake id.</summary>
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

internal readonly record struct EventKey(long Ticks, ulong Id) : IComparable<EventKey>
{
    public int CompareTo(EventKey other)
    {
        var byTime = Ticks.CompareTo(other.Ticks);
        return byTime != 0 ? byTime : Id.CompareTo(other.Id);
    }

    public static bool operator <(EventKey left, EventKey right) => left.CompareTo(right) < 0;

    public static bool operator >(EventKey left, EventKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(EventKey left, EventKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(EventKey left, EventKey right) => left.CompareTo(right) >= 0;
}
