using System.Globalization;
using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Data;
using AutoDmGuard.XApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Polling;

/// <summary>The two things one account's poll does at X, as they are named in PollState.LastError and the log.</summary>
internal static class PollOperation
{
    public const string Dms = "dm_events";
    public const string Following = "following";
}

/// <summary>
/// What an X or database failure during a poll turns into: a schedule, never an exception escaping to the pass.
/// 429: retry at X's reset; 5xx, timeout, malformed or unusable data, a database error: exponential back-off with
/// jitter; the account no longer authorized: no schedule until the user signs in again.
/// </summary>
internal sealed class PollFailurePolicy(AppDbContext db, IOptions<PollingOptions> options, TimeProvider clock, ILogger<PollFailurePolicy> logger)
{
    private const int MaxErrorLength = 1000;

    /// <summary>Runs one operation; a failure is recorded and scheduled, and reported as false.</summary>
    /// <exception cref="AccountNeedsReauthorizationException">Passed on: it ends the whole account's poll.</exception>
    public async Task<bool> RunAsync(AccountPass pass, string operation, Func<Task> work, CancellationToken cancellationToken)
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
            await RecordFailureAsync(pass, operation, ex, cancellationToken);
            return false;
        }
    }

    /// <summary>Records that only a new sign-in helps: the error, and no next poll (the account is marked already).</summary>
    public async Task RecordReauthorizationAsync(AccountPass pass, string reason, CancellationToken cancellationToken)
    {
        PollingLog.NeedsReauthorization(logger, pass.AccountId);
        await ResetToStoredCursorAsync(pass, cancellationToken);
        var state = pass.State;
        state.LastError = Clip("Needs re-authorization: " + reason);
        state.NextDmPollAt = null;
        state.NextFollowingSyncAt = null;
        await pass.SaveAsync(db, cancellationToken);
        pass.Outcome = pass.Outcome with { Error = state.LastError };
    }

    private static bool IsPollFailure(Exception ex) =>
        ex is XApiException or PolledDataException or HttpRequestException or TimeoutException or OperationCanceledException or DbUpdateException
            or System.Data.Common.DbException;

    private async Task RecordFailureAsync(AccountPass pass, string operation, Exception ex, CancellationToken cancellationToken)
    {
        await ResetToStoredCursorAsync(pass, cancellationToken);
        var state = pass.State;
        var now = clock.GetUtcNow().UtcDateTime;
        state.ConsecutiveFailures++;
        var backoff = PollSchedule.NextAfterFailure(now, state.ConsecutiveFailures, options.Value.BackoffBase, options.Value.BackoffCap, Random.Shared.NextDouble());
        DateTime retryAt;
        if (ex is XRateLimitedException limited)
        {
            retryAt = PollSchedule.NextAfterRateLimit(now, limited.ResetAt, limited.ResetAtIsEstimate ? backoff : now);
            if (operation == PollOperation.Dms)
            {
                state.RateLimitRemaining = 0;
                state.RateLimitResetAt = limited.ResetAt.UtcDateTime;
            }

            PollingLog.RateLimited(logger, state.AccountId, operation, retryAt);
        }
        else
        {
            retryAt = backoff;
            PollingLog.PollFailed(logger, ex, state.AccountId, operation, state.ConsecutiveFailures, Describe(ex), retryAt);
        }

        if (operation == PollOperation.Dms)
        {
            state.NextDmPollAt = retryAt;
        }
        else
        {
            state.NextFollowingSyncAt = retryAt;
        }

        state.LastError = Clip(string.Create(CultureInfo.InvariantCulture, $"{operation}: {Describe(ex)}"));
        await pass.SaveAsync(db, cancellationToken);
        pass.Outcome = pass.Outcome with { Error = state.LastError };
    }

    /// <summary>
    /// Whatever the failed step staged (a half-read page, its cursor) is dropped: the cursors go back to what is
    /// committed, so only status is written on top of them.
    /// </summary>
    private async Task ResetToStoredCursorAsync(AccountPass pass, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var stored = await db.PollStates.AsNoTracking().SingleAsync(p => p.AccountId == pass.AccountId, cancellationToken);
        var to = pass.State;
        to.NewestDmEventId = stored.NewestDmEventId;
        to.BackfillCompleted = stored.BackfillCompleted;
        to.BackfillPaginationToken = stored.BackfillPaginationToken;
        to.BackfillEventsStored = stored.BackfillEventsStored;
        to.BackfillOldestAt = stored.BackfillOldestAt;
        to.LastFollowingSyncAt = stored.LastFollowingSyncAt;
        to.BillableReadsEstimate = stored.BillableReadsEstimate;
        to.DmReadResumeToken = stored.DmReadResumeToken;
        to.DmReadResumeStopAtId = stored.DmReadResumeStopAtId;
        to.DmReadResumePageSize = stored.DmReadResumePageSize;
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
