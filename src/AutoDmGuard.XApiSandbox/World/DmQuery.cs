namespace AutoDmGuard.XApiSandbox;

/// <summary>A page request: <paramref name="Cursor"/> null = the newest page.</summary>
internal sealed record DmQuery(int MaxResults, PageCursor<EventKey>? Cursor, IReadOnlySet<string> EventTypes, DateTime WindowStart, DateTime Now);

/// <summary>Where a page starts: after <see cref="Key"/> going older (next) or newer (previous).</summary>
internal readonly record struct PageCursor<TKey>(bool Older, TKey Key);

internal sealed record Page<TItem, TKey>(IReadOnlyList<TItem> Items, TKey? NextKey, TKey? PreviousKey)
    where TKey : struct;
