using AutoDmGuard.Web.Data;
using AutoDmGuard.XApi;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// Reads an account's DMs into the database: what is newer than the stored newest event first (so new DMs keep flowing
/// during a long backfill), then backfill pages, older and older, until X's 30-day window ends. Each read's events and
/// its cursor commit in one transaction.
/// </summary>
internal sealed class InboxSync(
    AppDbContext db,
    DmEventsReader reader,
    DmEventStore events,
    PollingHooks hooks,
    IOptions<PollingOptions> options,
    TimeProvider clock,
    ILogger<InboxSync> logger)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task SyncAsync(AccountPass pass, CancellationToken cancellationToken)
    {
        var state = pass.State;
        XRateLimit? rateLimit = null;
        if (state.NewestDmEventId is not null || state.BackfillCompleted)
        {
            // A backfill that completed without a newest id found an empty inbox: read new DMs from the top (null = all).
            rateLimit = await ReadNewAsync(pass, cancellationToken);
        }

        if (!state.BackfillCompleted && rateLimit?.Remaining is not 0)
        {
            rateLimit = await BackfillAsync(pass, cancellationToken) ?? rateLimit;
        }

        var now = Now;
        var interval = pass.Account.PollIntervalSeconds is int seconds and > 0 ? TimeSpan.FromSeconds(seconds) : options.Value.DmInterval;
        state.RateLimitRemaining = rateLimit?.Remaining ?? state.RateLimitRemaining;
        state.RateLimitResetAt = PollSchedule.ResetOf(rateLimit) ?? state.RateLimitResetAt;
        state.NextDmPollAt = PollSchedule.NextAfterSuccess(now, interval, rateLimit?.Remaining, PollSchedule.ResetOf(rateLimit));
        await pass.SaveAsync(db, cancellationToken);
    }

    /// <summary>
    /// Reads what is newer than the stored newest event with the cost-aware reader; a read X cuts short (429 after the
    /// first page, page cap) stores what it got plus the resume point, and is continued first on the next poll.
    /// </summary>
    private async Task<XRateLimit?> ReadNewAsync(AccountPass pass, CancellationToken cancellationToken)
    {
        var state = pass.State;
        XRateLimit? rateLimit = null;
        while (true)
        {
            var newest = state.NewestDmEventId;
            var resume = state.DmReadResumeToken is { } token
                ? new DmReadResume(token, state.DmReadResumeStopAtId, state.DmReadResumePageSize ?? 100)
                : null;
            var result = await pass.X.CallAsync((access, ct) => reader.ReadNewAsync(access, newest, resume, ct), cancellationToken);
            rateLimit = result.RateLimit;
            // Events and cursor in one transaction: a crash re-reads them, and the key drops the duplicates.
            var added = await StoreAsync(pass, result.Events, result.Users, _ =>
            {
                AdvanceNewest(state, result.Events);
                state.DmReadResumeToken = result.Resume?.PaginationToken;
                state.DmReadResumeStopAtId = result.Resume?.StopAtEventId;
                state.DmReadResumePageSize = result.Resume?.NextPageSize;
                state.BillableReadsEstimate += result.EventsReturned;
            }, cancellationToken);
            pass.Outcome = pass.Outcome with
            {
                EventsRead = pass.Outcome.EventsRead + result.EventsReturned,
                NewEvents = pass.Outcome.NewEvents + added,
                Pages = pass.Outcome.Pages + result.PagesRead,
                BillableReads = pass.Outcome.BillableReads + result.EventsReturned,
            };
            await hooks.ReachedAsync(pass.AccountId, PollingCheckpoint.EventsStored, cancellationToken);
            if (result.RateLimitedUntil is { } until)
            {
                return rateLimit with { Remaining = 0, Reset = until };
            }

            if (result.IsComplete || rateLimit.Remaining is 0)
            {
                return rateLimit;
            }
        }
    }

    private async Task<XRateLimit?> BackfillAsync(AccountPass pass, CancellationToken cancellationToken)
    {
        var state = pass.State;
        var maxPages = options.Value.MaxBackfillPagesPerPass;
        XRateLimit? rateLimit = null;
        var pages = 0;
        while (!state.BackfillCompleted)
        {
            if (maxPages > 0 && pages >= maxPages)
            {
                break;
            }

            var token = state.BackfillPaginationToken;
            var page = await pass.X.CallAsync((access, ct) => reader.ReadBackfillPageAsync(access, token, ct), cancellationToken);
            pages++;
            rateLimit = page.RateLimit;
            // One page and its cursor per transaction: a kill -9 re-reads at most this page.
            var added = await StoreAsync(pass, page.Events, page.Users, stored =>
            {
                AdvanceNewest(state, page.Events);
                state.BackfillPaginationToken = page.NextPaginationToken;
                state.BackfillCompleted = page.NextPaginationToken is null;
                var oldest = page.Events.Count == 0 ? null : page.Events.Min(e => e.CreatedAt)?.UtcDateTime;
                if (oldest is not null && (state.BackfillOldestAt is null || oldest < state.BackfillOldestAt))
                {
                    state.BackfillOldestAt = oldest;
                }

                // Out-of-window events on the last page are billed too, but X does not say how many; count what we keep.
                state.BillableReadsEstimate += page.Events.Count;
                state.BackfillEventsStored += stored;
            }, cancellationToken);
            pass.Outcome = pass.Outcome with
            {
                EventsRead = pass.Outcome.EventsRead + page.Events.Count,
                NewEvents = pass.Outcome.NewEvents + added,
                Pages = pass.Outcome.Pages + 1,
                BillableReads = pass.Outcome.BillableReads + page.Events.Count,
            };
            PollingLog.BackfillPage(logger, pass.AccountId, page.Events.Count, added, state.BackfillEventsStored, state.BackfillOldestAt, !state.BackfillCompleted);
            await hooks.ReachedAsync(pass.AccountId, PollingCheckpoint.BackfillPageStored, cancellationToken);
            if (page.RateLimit.Remaining == 0)
            {
                break;
            }
        }

        return rateLimit;
    }

    /// <summary>Writes a read's events and users and, through <paramref name="advance"/> (given the new-event count), its cursor in one transaction.</summary>
    private async Task<int> StoreAsync(
        AccountPass pass, IReadOnlyList<XDmEvent> read, IReadOnlyList<XUser> users, Action<int> advance, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var added = await events.InsertAsync(pass.AccountId, read, users, Now, cancellationToken);
        advance(added);
        await pass.SaveAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    private static void AdvanceNewest(PollState state, IReadOnlyList<XDmEvent> read)
    {
        foreach (var evt in read)
        {
            if (state.NewestDmEventId is null || XSnowflake.Compare(evt.Id, state.NewestDmEventId) > 0)
            {
                state.NewestDmEventId = evt.Id;
            }
        }
    }
}
