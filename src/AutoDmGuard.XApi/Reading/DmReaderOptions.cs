namespace AutoDmGuard.XApi;

/// <summary>Page-size policy of <see cref="DmEventsReader"/> (see docs/x-api-client.md for the cost reasoning).</summary>
public sealed record DmReaderOptions
{
    /// <summary>The first request of a poll asks for this many events: an idle inbox then bills one event per UTC day.</summary>
    public int ProbePageSize { get; init; } = 1;

    /// <summary>Each next page is this many times the previous while every event on it was new.</summary>
    public int GrowthFactor { get; init; } = 2;

    /// <summary>X's largest DM page.</summary>
    public int MaxPageSize { get; init; } = 100;

    /// <summary>A single call stops after this many requests and returns a resume point (15 DM requests / 15 min per user at X).</summary>
    public int MaxPagesPerCall { get; init; } = 12;

    /// <summary>How far back X keeps DMs (and so a backfill reaches).</summary>
    public TimeSpan HistoryWindow { get; init; } = TimeSpan.FromDays(30);
}
