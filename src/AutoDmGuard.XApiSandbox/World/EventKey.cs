namespace AutoDmGuard.XApiSandbox;

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
