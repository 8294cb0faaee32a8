namespace AutoDmGuard.XApi;

/// <summary>What one <see cref="DmEventsReader"/> call fetched.</summary>
/// <param name="Events">New events only (id greater than the stored one), newest first.</param>
/// <param name="Users">Users from includes.users of the pages read (senders, participants), one per id.</param>
/// <param name="Errors">Partial errors of the pages read.</param>
/// <param name="PagesRead">Requests made.</param>
/// <param name="EventsReturned">Events X returned (and bills, at most once per event per UTC day), new or not.</param>
/// <param name="RateLimit">Rate-limit headers of the last page.</param>
/// <param name="Resume">Null when caught up; otherwise where to continue (store the events, then pass this back).</param>
/// <param name="RateLimitedUntil">Set when a 429 stopped the read; don't call again before it.</param>
public sealed record NewDmEventsResult(
    IReadOnlyList<XDmEvent> Events,
    IReadOnlyList<XUser> Users,
    IReadOnlyList<XProblem> Errors,
    int PagesRead,
    int EventsReturned,
    XRateLimit RateLimit,
    DmReadResume? Resume,
    DateTimeOffset? RateLimitedUntil)
{
    /// <summary>True when the read reached the stored event (or the end of the 30-day history).</summary>
    public bool IsComplete => Resume is null;
}
