namespace AutoDmGuard.XApiSandbox;

/// <summary>Where a page starts: after <see cref="Key"/> going older (next) or newer (previous).</summary>
internal readonly record struct PageCursor<TKey>(bool Older, TKey Key);
