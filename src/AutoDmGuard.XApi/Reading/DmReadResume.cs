namespace AutoDmGuard.XApi;

/// <summary>
/// Where an unfinished read stopped (rate limit or page cap): persist it and pass it back to
/// <see cref="DmEventsReader.ReadNewAsync(string, string?, DmReadResume?, CancellationToken)"/> so no event between is skipped.
/// </summary>
/// <param name="PaginationToken">meta.next_token of the last page read.</param>
/// <param name="StopAtEventId">The newest event id stored before the read began (null for a backfill).</param>
/// <param name="NextPageSize">The page size the read would have asked for next.</param>
public sealed record DmReadResume(string PaginationToken, string? StopAtEventId, int NextPageSize);
