using System.Data.Common;
using System.Globalization;
using AutoDmGuard.Core;
using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Scoring;
using AutoDmGuard.XApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// One account's share of a pass, in its own scope: lease, following sync, DM backfill / incremental read, scoring of
/// the unscored queue, status. Every X failure is turned into a schedule (429: reset, 5xx / timeout / malformed:
/// exponential back-off, 401: one refresh then re-authorization) and never escapes to the pass.
/// </summary>
internal sealed class AccountPoller(
    AppDbContext db,
    IXApiClient api,
    NewDmEventsReader reader,
    AccountTokenService tokens,
    DmEventStore events,
    FollowingSync followingSync,
    DmScorer scorer,
    PollingHooks hooks,
    PollingInstance instance,
    WorkerProblems problems,
    IOptions<PollingOptions> options,
    IOptions<ScoringOptions> scoring,
    TimeProvider clock,
    ILogger<AccountPoller> logger)
{
    private const string DmOperation = "dm_events";
    private const string FollowingOperation = "following";
    private const int MaxErrorLength = 1000;

    private readonly PollingOptions _options = options.Value;
    private string? _accessToken;
    private bool _refreshed;
    private PollState _state = null!;
    private AccountPollOutcome _outcome = null!;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<AccountPollOutcome> PollAsync(string accountId, CancellationToken cancellationToken)
    {
        _outcome = new AccountPollOutcome(accountId);
        var account = await db.Accounts.AsNoTracking().Include(a => a.Token).FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null || account.NeedsReauthorization || account.Token is null)
        {
            return _outcome with { Status = AccountPollStatus.Skipped };
        }

        if (!await TryTakeLeaseAsync(accountId, cancellationToken))
        {
            return _outcome with { Status = AccountPollStatus.LeaseHeldElsewhere };
        }

        try
        {
            _state = await db.PollStates.SingleAsync(p => p.AccountId == accountId, cancellationToken);
            _state.LastPollAt = Now;
            var status = await PollLeasedAsync(account, cancellationToken);
            // The outcome (success or a recorded failure) is in the database now; nothing needs to be kept in memory.
            problems.Recorded(accountId);
            _outcome = _outcome with { Status = status };
            PollingLog.AccountPolled(
                logger, accountId, _outcome.EventsRead, _outcome.Pages, _outcome.NewEvents, _outcome.Scored,
                _outcome.BillableReads, _state.RateLimitRemaining, _state.NextDmPollAt);
            return _outcome;
        }
        finally
        {
            await ReleaseLeaseAsync(accountId);
        }
    }

    private async Task<AccountPollStatus> PollLeasedAsync(Account account, CancellationToken cancellationToken)
    {
        var failed = false;
        try
        {
            if (_state.NextFollowingSyncAt is null || _state.NextFollowingSyncAt <= Now)
            {
                failed |= !await RunAsync(FollowingOperation, () => SyncFollowingAsync(account.Id, cancellationToken), cancellationToken);
            }

            if (_state.NextDmPollAt is null || _state.NextDmPollAt <= Now)
            {
                failed |= !await RunAsync(DmOperation, () => ReadDmsAsync(account, cancellationToken), cancellationToken);
            }

            // The recovery queue: whatever is stored but unscored (this pass's events, or a crash's leftovers).
            var threshold = scoring.Value.FlagThresholdFor(account);
            var scored = await scorer.ScoreQueueAsync(
                account, threshold, scoring.Value.ScoreBatchSize,
                ct => hooks.ReachedAsync(account.Id, PollingCheckpoint.RescoreBatchStored, ct),
                cancellationToken);
            _outcome = _outcome with { Scored = scored.Scored };
        }
        catch (AccountNeedsReauthorizationException ex)
        {
            await RecordReauthorizationAsync(account.Id, ex.Message, cancellationToken);
            return AccountPollStatus.NeedsReauthorization;
        }

        if (!failed)
        {
            _state.ConsecutiveFailures = 0;
            _state.LastError = null;
            _state.LastSuccessAt = Now;
        }

        await SaveAsync(cancellationToken);
        return failed ? AccountPollStatus.Failed : AccountPollStatus.Polled;
    }

    /// <summary>Runs one operation; a failure is recorded and scheduled, and reported as false.</summary>
    private async Task<bool> RunAsync(string operation, Func<Task> work, CancellationToken cancellationToken)
    {
        try
        {
            await work();
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (AccountNeedsReauthorizationException)
        {
            throw;
        }
        catch (Exception ex) when (IsPollFailure(ex))
        {
            await RecordFailureAsync(operation, ex, cancellationToken);
            return false;
        }
    }

    private static bool IsPollFailure(Exception ex) =>
        ex is XApiException or PolledDataException or HttpRequestException or TimeoutException or OperationCanceledException or DbUpdateException
            or DbException;

    private async Task SyncFollowingAsync(string accountId, CancellationToken cancellationToken)
    {
        var users = new List<XUser>();
        string? paginationToken = null;
        XRateLimit? rateLimit = null;
        do
        {
            var token = paginationToken;
            var page = await CallAsync(
                accountId, (access, ct) => api.GetFollowingPageAsync(access, accountId, token, _options.FollowingPageSize, ct), cancellationToken);
            users.AddRange(page.Data);
            rateLimit = page.RateLimit;
            paginationToken = page.Meta.NextToken;
        }
        while (paginationToken is not null);

        var now = Now;
        var firstSync = _state.LastFollowingSyncAt is null;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await followingSync.ApplyAsync(accountId, users, firstSync, now, cancellationToken);
        _state.LastFollowingSyncAt = now;
        _state.NextFollowingSyncAt = PollSchedule.NextAfterSuccess(
            now, _options.FollowingInterval, rateLimit?.Remaining, PollSchedule.ResetOf(rateLimit));
        await SaveAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task ReadDmsAsync(Account account, CancellationToken cancellationToken)
    {
        XRateLimit? rateLimit = null;
        if (_state.NewestDmEventId is not null || _state.BackfillCompleted)
        {
            // Once the newest page is stored, new DMs keep flowing even while an older backfill is still paging. A
            // backfill that completed without a newest id found an empty inbox: read new DMs from the top (null = all).
            rateLimit = await ReadNewAsync(account.Id, cancellationToken);
        }

        if (!_state.BackfillCompleted && rateLimit?.Remaining is not 0)
        {
            rateLimit = await BackfillAsync(account.Id, cancellationToken) ?? rateLimit;
        }

        var now = Now;
        var interval = account.PollIntervalSeconds is int seconds and > 0 ? TimeSpan.FromSeconds(seconds) : _options.DmInterval;
        _state.RateLimitRemaining = rateLimit?.Remaining ?? _state.RateLimitRemaining;
        _state.RateLimitResetAt = PollSchedule.ResetOf(rateLimit) ?? _state.RateLimitResetAt;
        _state.NextDmPollAt = PollSchedule.NextAfterSuccess(now, interval, rateLimit?.Remaining, PollSchedule.ResetOf(rateLimit));
        await SaveAsync(cancellationToken);
    }

    /// <summary>
    /// Reads what is newer than the stored newest event with the cost-aware reader; a read X cuts short (429 after the
    /// first page, page cap) stores what it got plus the resume point, and is continued first on the next poll.
    /// </summary>
    private async Task<XRateLimit?> ReadNewAsync(string accountId, CancellationToken cancellationToken)
    {
        XRateLimit? rateLimit = null;
        while (true)
        {
            var newest = _state.NewestDmEventId;
            var resume = _state.DmReadResumeToken is { } token
                ? new DmReadResume(token, _state.DmReadResumeStopAtId, _state.DmReadResumePageSize ?? 100)
                : null;
            var result = await CallAsync(accountId, (access, ct) => reader.ReadNewAsync(access, newest, resume, ct), cancellationToken);
            rateLimit = result.RateLimit;
            // Events and cursor in one transaction: a crash re-reads them, and the key drops the duplicates.
            var added = await StoreAsync(accountId, result.Events, result.Users, _ =>
            {
                AdvanceNewest(result.Events);
                _state.DmReadResumeToken = result.Resume?.PaginationToken;
                _state.DmReadResumeStopAtId = result.Resume?.StopAtEventId;
                _state.DmReadResumePageSize = result.Resume?.NextPageSize;
                _state.BillableReadsEstimate += result.EventsReturned;
            }, cancellationToken);
            _outcome = _outcome with
            {
                EventsRead = _outcome.EventsRead + result.EventsReturned,
                NewEvents = _outcome.NewEvents + added,
                Pages = _outcome.Pages + result.PagesRead,
                BillableReads = _outcome.BillableReads + result.EventsReturned,
            };
            await hooks.ReachedAsync(accountId, PollingCheckpoint.EventsStored, cancellationToken);
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

    private async Task<XRateLimit?> BackfillAsync(string accountId, CancellationToken cancellationToken)
    {
        XRateLimit? rateLimit = null;
        var pages = 0;
        while (!_state.BackfillCompleted)
        {
            if (_options.MaxBackfillPagesPerPass > 0 && pages >= _options.MaxBackfillPagesPerPass)
            {
                break;
            }

            var token = _state.BackfillPaginationToken;
            var page = await CallAsync(accountId, (access, ct) => reader.ReadBackfillPageAsync(access, token, ct), cancellationToken);
            pages++;
            rateLimit = page.RateLimit;
            // One page and its cursor per transaction: a kill -9 re-reads at most this page.
            var added = await StoreAsync(accountId, page.Events, page.Users, stored =>
            {
                AdvanceNewest(page.Events);
                _state.BackfillPaginationToken = page.NextPaginationToken;
                _state.BackfillCompleted = page.NextPaginationToken is null;
                var oldest = page.Events.Count == 0 ? null : page.Events.Min(e => e.CreatedAt)?.UtcDateTime;
                if (oldest is not null && (_state.BackfillOldestAt is null || oldest < _state.BackfillOldestAt))
                {
                    _state.BackfillOldestAt = oldest;
                }

                // Out-of-window events on the last page are billed too, but X does not say how many; count what we keep.
                _state.BillableReadsEstimate += page.Events.Count;
                _state.BackfillEventsStored += stored;
            }, cancellationToken);
            _outcome = _outcome with
            {
                EventsRead = _outcome.EventsRead + page.Events.Count,
                NewEvents = _outcome.NewEvents + added,
                Pages = _outcome.Pages + 1,
                BillableReads = _outcome.BillableReads + page.Events.Count,
            };
            PollingLog.BackfillPage(logger, accountId, page.Events.Count, added, _state.BackfillEventsStored, _state.BackfillOldestAt, !_state.BackfillCompleted);
            await hooks.ReachedAsync(accountId, PollingCheckpoint.BackfillPageStored, cancellationToken);
            if (page.RateLimit.Remaining == 0)
            {
                break;
            }
        }

        return rateLimit;
    }

    /// <summary>Writes a read's events and users and, through <paramref name="advance"/> (given the new-event count), its cursor in one transaction.</summary>
    private async Task<int> StoreAsync(
        string accountId, IReadOnlyList<XDmEvent> read, IReadOnlyList<XUser> users, Action<int> advance, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var added = await events.InsertAsync(accountId, read, users, Now, cancellationToken);
        advance(added);
        await SaveAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>
    /// Saves what is staged plus the whole PollState row (this instance holds the lease, so the row is ours), then
    /// forgets the tracked entities so a long backfill keeps a flat memory profile.
    /// </summary>
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        db.Entry(_state).State = EntityState.Modified;
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private void AdvanceNewest(IReadOnlyList<XDmEvent> read)
    {
        foreach (var evt in read)
        {
            if (_state.NewestDmEventId is null || XSnowflake.Compare(evt.Id, _state.NewestDmEventId) > 0)
            {
                _state.NewestDmEventId = evt.Id;
            }
        }
    }


    /// <summary>Calls X with the account's token; on 401 refreshes once (per pass) and tries again.</summary>
    private async Task<T> CallAsync<T>(string accountId, Func<string, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        _accessToken ??= await tokens.GetAccessTokenAsync(accountId, cancellationToken);
        try
        {
            return await call(_accessToken, cancellationToken);
        }
        catch (XUnauthorizedException) when (!_refreshed)
        {
            _refreshed = true;
            // Throws AccountNeedsReauthorizationException (after marking the account) when X refuses the refresh.
            _accessToken = await tokens.RefreshAfterUnauthorizedAsync(accountId, _accessToken, cancellationToken);
            try
            {
                return await call(_accessToken, cancellationToken);
            }
            catch (XUnauthorizedException ex)
            {
                await MarkNeedsReauthorizationAsync(accountId, "X rejected a freshly refreshed access token.", cancellationToken);
                throw new AccountNeedsReauthorizationException("X rejected a freshly refreshed access token.", ex);
            }
        }
    }

    private async Task RecordFailureAsync(string operation, Exception ex, CancellationToken cancellationToken)
    {
        // Whatever the failed step staged (a half-read page, its cursor) is dropped: only status is written.
        db.ChangeTracker.Clear();
        var fresh = await db.PollStates.AsNoTracking().SingleAsync(p => p.AccountId == _state.AccountId, cancellationToken);
        CopyCursor(fresh, _state);

        var now = Now;
        _state.ConsecutiveFailures++;
        var backoff = PollSchedule.NextAfterFailure(now, _state.ConsecutiveFailures, _options.BackoffBase, _options.BackoffCap, Random.Shared.NextDouble());
        DateTime retryAt;
        if (ex is XRateLimitedException limited)
        {
            retryAt = PollSchedule.NextAfterRateLimit(now, limited.ResetAt, limited.ResetAtIsEstimate ? backoff : now);
            if (operation == DmOperation)
            {
                _state.RateLimitRemaining = 0;
                _state.RateLimitResetAt = limited.ResetAt.UtcDateTime;
            }

            PollingLog.RateLimited(logger, _state.AccountId, operation, retryAt);
        }
        else
        {
            retryAt = backoff;
            PollingLog.PollFailed(logger, ex, _state.AccountId, operation, _state.ConsecutiveFailures, Describe(ex), retryAt);
        }

        if (operation == DmOperation)
        {
            _state.NextDmPollAt = retryAt;
        }
        else
        {
            _state.NextFollowingSyncAt = retryAt;
        }

        _state.LastError = Clip(string.Create(CultureInfo.InvariantCulture, $"{operation}: {Describe(ex)}"));
        await SaveAsync(cancellationToken);
        _outcome = _outcome with { Error = _state.LastError };
    }

    private static void CopyCursor(PollState from, PollState to)
    {
        to.NewestDmEventId = from.NewestDmEventId;
        to.BackfillCompleted = from.BackfillCompleted;
        to.BackfillPaginationToken = from.BackfillPaginationToken;
        to.BackfillEventsStored = from.BackfillEventsStored;
        to.BackfillOldestAt = from.BackfillOldestAt;
        to.LastFollowingSyncAt = from.LastFollowingSyncAt;
        to.BillableReadsEstimate = from.BillableReadsEstimate;
        to.DmReadResumeToken = from.DmReadResumeToken;
        to.DmReadResumeStopAtId = from.DmReadResumeStopAtId;
        to.DmReadResumePageSize = from.DmReadResumePageSize;
    }

    private async Task RecordReauthorizationAsync(string accountId, string reason, CancellationToken cancellationToken)
    {
        PollingLog.NeedsReauthorization(logger, accountId);
        db.ChangeTracker.Clear();
        var fresh = await db.PollStates.AsNoTracking().SingleAsync(p => p.AccountId == accountId, cancellationToken);
        CopyCursor(fresh, _state);
        _state.LastError = Clip("Needs re-authorization: " + reason);
        _state.NextDmPollAt = null;
        _state.NextFollowingSyncAt = null;
        await SaveAsync(cancellationToken);
        _outcome = _outcome with { Error = _state.LastError };
    }

    private async Task MarkNeedsReauthorizationAsync(string accountId, string reason, CancellationToken cancellationToken) =>
        await db.Accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(
            s => s.SetProperty(a => a.NeedsReauthorization, true).SetProperty(a => a.ReauthorizationReason, reason),
            cancellationToken);

    private async Task<bool> TryTakeLeaseAsync(string accountId, CancellationToken cancellationToken)
    {
        var now = Now;
        if (!await db.PollStates.AnyAsync(p => p.AccountId == accountId, cancellationToken))
        {
            db.PollStates.Add(new PollState { AccountId = accountId });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance created it first; the conditional update below decides who polls.
            }

            db.ChangeTracker.Clear();
        }

        var owner = instance.Id;
        var until = now + _options.LeaseDuration;
        // Conditional update: only one instance can move the lease from free/expired to itself.
        var taken = await db.PollStates
            .Where(p => p.AccountId == accountId && (p.LeaseOwner == null || p.LeaseOwner == owner || p.LeaseExpiresAt == null || p.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LeaseOwner, owner).SetProperty(p => p.LeaseExpiresAt, until), cancellationToken);
        if (taken == 0)
        {
            var expires = await db.PollStates.Where(p => p.AccountId == accountId).Select(p => p.LeaseExpiresAt).FirstOrDefaultAsync(cancellationToken);
            PollingLog.LeaseHeldElsewhere(logger, accountId, expires);
            problems.LeaseHeldElsewhere(accountId, expires);
        }

        return taken == 1;
    }

    private async Task ReleaseLeaseAsync(string accountId)
    {
        var owner = instance.Id;
        // Best effort and not cancellable: a lease left behind is taken back by this instance (its id is stable) and
        // only delays other instances until it expires. A failure here must not hide the poll's own exception.
        try
        {
            await db.PollStates
                .Where(p => p.AccountId == accountId && p.LeaseOwner == owner)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.LeaseOwner, (string?)null).SetProperty(p => p.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or DbException)
        {
            PollingLog.LeaseNotReleased(logger, ex, accountId);
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        XRateLimitedException limited => string.Create(CultureInfo.InvariantCulture, $"rate limited until {limited.ResetAt:o}"),
        XApiMalformedResponseException => "malformed response from X; nothing stored from that page",
        PolledDataException data => "unusable data from X: " + data.Message,
        XApiTimeoutException => "X did not answer in time",
        XApiException { StatusCode: { } status } api => string.Create(
            CultureInfo.InvariantCulture, $"X answered {(int)status} {status}{(api.Title is null ? "" : ": " + api.Title)}"),
        XApiException api => "X API error: " + api.Message,
        HttpRequestException http => "network error: " + http.Message,
        OperationCanceledException or TimeoutException => "timed out",
        _ => ex.GetType().Name + ": " + ex.Message,
    };

    private static string Clip(string value) => value.Length <= MaxErrorLength ? value : value[..MaxErrorLength];

}

public enum AccountPollStatus
{
    Polled,
    Failed,
    Skipped,
    LeaseHeldElsewhere,
    NeedsReauthorization,
}

/// <summary>What one account's share of a pass did (returned to tests and summed in the pass log).</summary>
public sealed record AccountPollOutcome(string AccountId)
{
    public AccountPollStatus Status { get; init; }

    public int EventsRead { get; init; }

    public int NewEvents { get; init; }

    public int Pages { get; init; }

    public int Scored { get; init; }

    /// <summary>Events X returned (and bills, once per event per UTC day).</summary>
    public int BillableReads { get; init; }

    public string? Error { get; init; }
}
