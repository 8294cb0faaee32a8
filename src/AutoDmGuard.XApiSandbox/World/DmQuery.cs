namespace AutoDmGuard.XApiSandbox;

/// <summary>A page request: <paramref name="Cursor"/> null = the newest page.</summary>
internal sealed record DmQuery(int MaxResults, PageCursor<EventKey>? Cursor, IReadOnlySet<string> EventTypes, DateTime WindowStart, DateTime Now);
