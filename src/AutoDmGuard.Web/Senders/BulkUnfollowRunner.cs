using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Senders;

/// <summary>
/// One pass over the queued bulk unfollows. Each job is worked by one instance at a time: the runner takes the job's
/// <see cref="BulkJobLease"/> and renews it before each item, so on several app instances a job moves to another instance
/// only when its owner stops renewing (dies, or loses the database). Per account it never starts more unfollows than X
/// allows in the current window (<see cref="SendersOptions.UnfollowsPerWindow"/> per
/// <see cref="SendersOptions.UnfollowWindow"/>, counted from the database, so across instances, single unfollows
/// included); when the budget is spent, or X answers 429, the job waits until the window or X's reset time passes.
/// Each item is claimed (InFlight, with this instance's id) by one conditional update before its call to X and settled
/// after it, so no two runners ever send the same item, and a claim left by a dead instance is checked against X before
/// anything is sent again. The job's Done and Failed are recounted from its items, never incremented.
/// </summary>
internal sealed partial class BulkUnfollowRunner(
    AppDbContext db,
    XFollowGraph x,
    BulkUnfollowSignal signal,
    BulkJobLease lease,
    IOptions<SendersOptions> options,
    TimeProvider clock,
    ILogger<BulkUnfollowRunner> log)
{
    /// <summary>Runs every due job no other live instance holds; returns how many unfollows were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await signal.Gate.WaitAsync(ct);
        try
        {
            var now = Now;
            var due = await lease.Takeable(
                    db.BulkUnfollowJobs
                        .Where(j => j.Status == BulkJobStatus.Queued || j.Status == BulkJobStatus.Running || j.Status == BulkJobStatus.WaitingForRateLimit)
                        .Where(j => j.NextAttemptAt == null || j.NextAttemptAt <= now),
                    now)
                .OrderBy(j => j.Id)
                .Select(j => new { j.Id, j.AccountId })
                .ToListAsync(ct);
            var attempted = 0;
            foreach (var job in due)
            {
                if (!await lease.TryTakeAsync(job.Id, ct))
                {
                    continue;
                }

                try
                {
                    attempted += await RunJobAsync(job.Id, job.AccountId, ct);
                }
                finally
                {
                    await ReleaseAsync(job.Id);
                }
            }

            return attempted;
        }
        finally
        {
            signal.Gate.Release();
        }
    }

    private async Task<int> RunJobAsync(long jobId, string accountId, CancellationToken ct)
    {
        var window = options.Value.UnfollowWindow;
        var owner = lease.Owner;
        var attempted = 0;
        while (true)
        {
            if (!await lease.RenewAsync(jobId, ct))
            {
                LogLeaseLost(jobId, owner);
                return attempted;
            }

            // Cancel is a separate request; read the job's status fresh before each call to X.
            var status = await db.BulkUnfollowJobs.Where(j => j.Id == jobId).Select(j => j.Status).SingleAsync(ct);
            if (status is BulkJobStatus.Cancelled or BulkJobStatus.Completed)
            {
                return attempted;
            }

            var now = Now;
            // A claim is another instance's live call until the claim is a lease old (longer than any call to X);
            // this instance's own claims found here were left by its previous process (its id outlives a crash).
            var staleBefore = now - options.Value.BulkJobLeaseDuration;
            var action = await db.SenderActions.AsNoTracking()
                .Where(a => a.BulkJobId == jobId)
                .Where(a => a.Status == ActionStatus.Pending
                    || (a.Status == ActionStatus.InFlight && (a.ClaimedBy == owner || a.CompletedAt == null || a.CompletedAt <= staleBefore)))
                .OrderBy(a => a.Id)
                .FirstOrDefaultAsync(ct);
            if (action is null)
            {
                var inFlightSince = await db.SenderActions
                    .Where(a => a.BulkJobId == jobId && a.Status == ActionStatus.InFlight)
                    .MinAsync(a => a.CompletedAt, ct);
                if (inFlightSince is { } claimedAt)
                {
                    // Only calls of another instance are still open: look again when their claims are stale.
                    await UpdateUnlessFinishedAsync(jobId, s => s.SetProperty(j => j.NextAttemptAt, claimedAt + options.Value.BulkJobLeaseDuration), ct);
                    return attempted;
                }

                if (await UpdateUnlessFinishedAsync(jobId, s => s
                    .SetProperty(j => j.Status, BulkJobStatus.Completed)
                    .SetProperty(j => j.CompletedAt, now)
                    .SetProperty(j => j.NextAttemptAt, (DateTime?)null), ct))
                {
                    LogCompleted(jobId, accountId);
                }

                return attempted;
            }

            var windowStart = now - window;
            // Claimed items count: their call to X went out (or may have, if their instance died during it).
            var recent = await db.SenderActions
                .Where(a => a.AccountId == accountId && a.Kind == SenderActionKind.Unfollow && a.CompletedAt > windowStart)
                .Where(a => a.Status == ActionStatus.Done || a.Status == ActionStatus.Failed || a.Status == ActionStatus.InFlight)
                .Select(a => a.CompletedAt)
                .ToListAsync(ct);
            if (recent.Count >= options.Value.UnfollowsPerWindow)
            {
                // The oldest unfollow in the window leaves it first; that is when the next one may go.
                await WaitAsync(jobId, accountId, recent.Min()!.Value + window, ct);
                return attempted;
            }

            // Claim the item as it was read: a cancel, or another runner, that came first wins and nothing is sent.
            if (!await ClaimAsync(action, jobId, owner, now, ct))
            {
                continue;
            }

            await UpdateUnlessFinishedAsync(jobId, s => s.SetProperty(j => j.Status, BulkJobStatus.Running).SetProperty(j => j.NextAttemptAt, (DateTime?)null), ct);
            XCallResult result;
            if (action.Status == ActionStatus.InFlight && await x.IsFollowingAsync(accountId, action.TargetUserId, ct) is false)
            {
                // The call before the crash reached X: settle it without a second unfollow.
                LogSettled(jobId, action.Id);
                result = XCallResult.Ok;
            }
            else
            {
                attempted++;
                result = await x.UnfollowAsync(accountId, action.TargetUserId, ct);
            }

            now = Now;
            switch (result.Status)
            {
                case XCallStatus.Ok:
                    await FinishAsync(action.Id, owner, ActionStatus.Done, now, null);
                    await db.SenderVerdicts.Where(v => v.AccountId == accountId && v.SenderId == action.TargetUserId)
                        .ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, SenderStatus.Unfollowed).SetProperty(v => v.UpdatedAt, now), CancellationToken.None);
                    await db.Follows.Where(f => f.AccountId == accountId && f.UserId == action.TargetUserId && f.UnfollowedAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(f => f.UnfollowedAt, now), CancellationToken.None);
                    await RecountAsync(jobId);
                    break;
                case XCallStatus.RateLimited:
                    // The item goes back to the queue; X said when to come back.
                    await FinishAsync(action.Id, owner, ActionStatus.Pending, null, null);
                    await WaitAsync(jobId, accountId, result.RetryAt ?? now + window, ct);
                    return attempted;
                case XCallStatus.NeedsReauthorization:
                    // Nothing will work until the user signs in again; look again one window later.
                    await FinishAsync(action.Id, owner, ActionStatus.Pending, null, null);
                    await WaitAsync(jobId, accountId, now + window, ct);
                    return attempted;
                default:
                    await FinishAsync(action.Id, owner, ActionStatus.Failed, now, result.Error);
                    await RecountAsync(jobId);
                    break;
            }
        }
    }

    /// <summary>
    /// Pending (or a stale claim, as read) → InFlight for this instance, in one conditional update that also requires
    /// this instance's lease on a job still going: of two runners only one can move the row, and a cancel that came
    /// first wins.
    /// </summary>
    private async Task<bool> ClaimAsync(SenderAction action, long jobId, string owner, DateTime now, CancellationToken ct)
    {
        var (status, claimedBy, claimedAt) = (action.Status, action.ClaimedBy, action.CompletedAt);
        return await db.SenderActions
            .Where(a => a.Id == action.Id && a.Status == status && a.ClaimedBy == claimedBy && a.CompletedAt == claimedAt)
            .Where(a => db.BulkUnfollowJobs.Any(j => j.Id == jobId && j.LeaseOwner == owner
                && j.Status != BulkJobStatus.Cancelled && j.Status != BulkJobStatus.Completed))
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, ActionStatus.InFlight)
                .SetProperty(a => a.ClaimedBy, owner)
                .SetProperty(a => a.CompletedAt, now), ct) == 1;
    }

    /// <summary>
    /// Records how this instance's claim ended; not cancellable, the call to X has happened. A claim another instance has
    /// since taken over (this one stalled past its lease) is that instance's to record.
    /// </summary>
    private Task<int> FinishAsync(long actionId, string owner, ActionStatus status, DateTime? at, string? error) =>
        db.SenderActions.Where(a => a.Id == actionId && a.Status == ActionStatus.InFlight && a.ClaimedBy == owner).ExecuteUpdateAsync(
            s => s.SetProperty(a => a.Status, status).SetProperty(a => a.CompletedAt, at).SetProperty(a => a.Error, error)
                .SetProperty(a => a.ClaimedBy, status == ActionStatus.Pending ? null : owner),
            CancellationToken.None);

    /// <summary>The job's counters from its items, in one statement: two writers can never lose each other's count.</summary>
    private Task<int> RecountAsync(long jobId) =>
        db.BulkUnfollowJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Done, j => db.SenderActions.Count(a => a.BulkJobId == j.Id && a.Status == ActionStatus.Done))
            .SetProperty(j => j.Failed, j => db.SenderActions.Count(a => a.BulkJobId == j.Id && a.Status == ActionStatus.Failed)),
            CancellationToken.None);

    /// <summary>
    /// Job status changes are conditional updates: a cancel saved by a page while this runner waited on X is never
    /// overwritten by the runner's older view of the job.
    /// </summary>
    private async Task<bool> UpdateUnlessFinishedAsync(
        long jobId,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<BulkUnfollowJob>> set,
        CancellationToken ct) =>
        await db.BulkUnfollowJobs
            .Where(j => j.Id == jobId && j.Status != BulkJobStatus.Cancelled && j.Status != BulkJobStatus.Completed)
            .ExecuteUpdateAsync(set, ct) == 1;

    private async Task WaitAsync(long jobId, string accountId, DateTime resumeAt, CancellationToken ct)
    {
        if (await UpdateUnlessFinishedAsync(jobId, s => s.SetProperty(j => j.Status, BulkJobStatus.WaitingForRateLimit).SetProperty(j => j.NextAttemptAt, resumeAt), ct))
        {
            LogWaiting(jobId, accountId, resumeAt);
        }
    }

    /// <summary>Best effort and not cancellable: a lease left behind only delays other instances until it expires.</summary>
    private async Task ReleaseAsync(long jobId)
    {
        try
        {
            await lease.ReleaseAsync(jobId);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            LogLeaseNotReleased(ex, jobId);
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "Bulk unfollow {JobId} of account {AccountId} waits for X's limit until {ResumeAt}")]
    private partial void LogWaiting(long jobId, string accountId, DateTime resumeAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bulk unfollow {JobId} of account {AccountId} completed")]
    private partial void LogCompleted(long jobId, string accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bulk unfollow {JobId}: another instance took the job over from {Owner}; this one stops working it")]
    private partial void LogLeaseLost(long jobId, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bulk unfollow {JobId}: its lease could not be released; it frees itself when it expires")]
    private partial void LogLeaseNotReleased(Exception ex, long jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bulk unfollow {JobId}: item {ActionId} was claimed by an instance that stopped and X shows it done; not sent again")]
    private partial void LogSettled(long jobId, long actionId);
}
