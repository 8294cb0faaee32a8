using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace AutoDmGuard.XApi;

/// <summary>
/// Cost-aware reader of an account's DM events: what is newer than the stored newest event (<see cref="ReadNewAsync(string, string?, CancellationToken)"/>)
/// and the backfill of older pages (<see cref="ReadBackfillPageAsync"/>).
/// X bills every DM event it returns (once per event per UTC day) and has no since_id, so a poll
/// starts with a one-event probe and doubles the page only while every event on it is new, stopping at the first event
/// id not newer (numerically) than the newest one already stored. An idle inbox thus bills one event per UTC day.
/// </summary>
public sealed partial class DmEventsReader(IXApiClient client, TimeProvider clock, ILogger<DmEventsReader> logger)
{
    /// <summary>The page-size policy (defaults: probe 1, x2 growth, pages of up to 100, 12 requests per call).</summary>
    public DmReaderOptions Options { get; init; } = new();

    /// <summary>
    /// Reads the events newer than <paramref name="newestStoredEventId"/> (all of the 30-day history when null),
    /// newest first. A read stopped by a 429 or the page cap returns what it has with a <see cref="NewDmEventsResult.Resume"/>.
    /// </summary>
    public Task<NewDmEventsResult> ReadNewAsync(string accessToken, string? newestStoredEventId, CancellationToken cancellationToken = default) =>
        ReadNewAsync(accessToken, newestStoredEventId, null, cancellationToken);

    /// <summary>Continues a read that returned a resume point (its stop id wins over <paramref name="newestStoredEventId"/>).</summary>
    public async Task<NewDmEventsResult> ReadNewAsync(
        string accessToken, string? newestStoredEventId, DmReadResume? resume, CancellationToken cancellationToken = default)
    {
        if (newestStoredEventId is not null && !XSnowflake.IsValid(newestStoredEventId))
        {
            throw new ArgumentException($"'{newestStoredEventId}' is not a numeric X event id.", nameof(newestStoredEventId));
        }

        var stopAt = resume is null ? newestStoredEventId : resume.StopAtEventId;
        var backfill = stopAt is null;
        var pageSize = resume?.NextPageSize ?? (backfill ? Options.MaxPageSize : Options.ProbePageSize);
        var requested = resume is null ? 0 : Options.MaxPageSize + Options.ProbePageSize;
        var token = resume?.PaginationToken;
        var windowStart = clock.GetUtcNow() - Options.HistoryWindow;

        var events = new List<XDmEvent>();
        var users = new Dictionary<string, XUser>(StringComparer.Ordinal);
        var errors = new List<XProblem>();
        var pages = 0;
        var returned = 0;
        var rateLimit = XRateLimit.None;

        while (true)
        {
            if (pages == Options.MaxPagesPerCall)
            {
                return Finish(new DmReadResume(token!, stopAt, pageSize), null);
            }

            XListResponse<XDmEvent> page;
            try
            {
                page = await client.GetDmEventsPageAsync(
                    accessToken, new XDmEventsQuery { MaxResults = pageSize, PaginationToken = token }, cancellationToken);
            }
            catch (XRateLimitedException ex) when (pages > 0)
            {
                rateLimit = ex.RateLimit;
                return Finish(new DmReadResume(token!, stopAt, pageSize), ex.ResetAt);
            }
            catch (XApiException ex) when (pages == 0 && resume is not null && token is not null && ex.StatusCode == HttpStatusCode.BadRequest)
            {
                // A stored resume token X no longer accepts: start again from the newest event with the same stop id.
                // Events already returned before the resume point come again; the caller stores by event id.
                LogResumeTokenRefused(logger, ex.ProblemType);
                token = null;
                pageSize = backfill ? Options.MaxPageSize : Options.ProbePageSize;
                requested = 0;
                resume = null;
                continue;
            }

            pages++;
            requested += pageSize;
            returned += page.Data.Count;
            rateLimit = page.RateLimit;
            errors.AddRange(page.Errors);
            foreach (var user in page.Includes.Users)
            {
                users.TryAdd(user.Id, user);
            }

            var reachedEnd = false;
            foreach (var dmEvent in page.Data)
            {
                // With a stored id that id is the stop; X applies the 30-day window itself. A backfill also checks the
                // window locally, in case an older event slips through.
                if (stopAt is not null ? XSnowflake.Compare(dmEvent.Id, stopAt) <= 0 : dmEvent.CreatedAt < windowStart)
                {
                    reachedEnd = true;
                    break;
                }

                events.Add(dmEvent);
            }

            token = page.Meta.NextToken;
            if (reachedEnd || string.IsNullOrEmpty(token) || page.Data.Count == 0)
            {
                return Finish(null, null);
            }

            pageSize = backfill ? Options.MaxPageSize : NextPageSize(pageSize, requested);
        }

        NewDmEventsResult Finish(DmReadResume? next, DateTimeOffset? limitedUntil)
        {
            LogRead(logger, pages, returned, events.Count, next is null, limitedUntil);
            return new NewDmEventsResult(events, [.. users.Values], errors, pages, returned, rateLimit, next, limitedUntil);
        }
    }

    /// <summary>
    /// One backfill page: up to 100 events within the 30-day window, newest first. Pass null for the newest page, then each
    /// page's <see cref="DmBackfillPage.NextPaginationToken"/> (persist it to resume after a restart or a 429).
    /// </summary>
    public async Task<DmBackfillPage> ReadBackfillPageAsync(string accessToken, string? paginationToken, CancellationToken cancellationToken = default)
    {
        var page = await client.GetDmEventsPageAsync(
            accessToken, new XDmEventsQuery { MaxResults = Options.MaxPageSize, PaginationToken = paginationToken }, cancellationToken);
        var windowStart = clock.GetUtcNow() - Options.HistoryWindow;
        var inWindow = page.Data.Where(e => e.CreatedAt is null || e.CreatedAt >= windowStart).ToList();
        var next = inWindow.Count < page.Data.Count || page.Data.Count == 0 ? null : page.Meta.NextToken;
        LogBackfillPage(logger, page.Data.Count, inWindow.Count, next is not null);
        return new DmBackfillPage(inWindow, page.Includes.Users, page.Errors, next, page.RateLimit);
    }

    /// <summary>Backfill page after page from <paramref name="resumePaginationToken"/> (null = newest) to the end of the window.</summary>
    public async IAsyncEnumerable<DmBackfillPage> BackfillAsync(
        string accessToken, string? resumePaginationToken = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var token = resumePaginationToken;
        do
        {
            var page = await ReadBackfillPageAsync(accessToken, token, cancellationToken);
            yield return page;
            token = page.NextPaginationToken;
        }
        while (token is not null);
    }

    /// <summary>
    /// Doubles the page while it stays under the cap; the step that would pass probe + one full page (101 events in total)
    /// is clipped to land on it, so from then on pages are full and a burst of whole hundreds reads one extra event.
    /// </summary>
    internal int NextPageSize(int current, int requestedSoFar)
    {
        var aligned = Options.MaxPageSize + Options.ProbePageSize;
        if (requestedSoFar >= aligned)
        {
            return Options.MaxPageSize;
        }

        var grown = Math.Min(current * Math.Max(2, Options.GrowthFactor), Options.MaxPageSize);
        return Math.Min(grown, aligned - requestedSoFar);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "DM read: {Pages} pages, {Returned} events returned (billable), {New} new, complete {Complete}, rate limited until {LimitedUntil}")]
    private static partial void LogRead(ILogger logger, int pages, int returned, int @new, bool complete, DateTimeOffset? limitedUntil);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DM read: X refused the stored resume token ({ProblemType}); reading again from the newest event")]
    private static partial void LogResumeTokenRefused(ILogger logger, string? problemType);

    [LoggerMessage(Level = LogLevel.Debug, Message = "DM backfill page: {Returned} events returned, {InWindow} within the window, more {More}")]
    private static partial void LogBackfillPage(ILogger logger, int returned, int inWindow, bool more);
}
