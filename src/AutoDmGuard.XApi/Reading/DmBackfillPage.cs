namespace AutoDmGuard.XApi;

/// <summary>One page of a backfill: events within the 30-day window, newest first, and the token of the next (older) page.</summary>
public sealed record DmBackfillPage(
    IReadOnlyList<XDmEvent> Events,
    IReadOnlyList<XUser> Users,
    IReadOnlyList<XProblem> Errors,
    string? NextPaginationToken,
    XRateLimit RateLimit);
