using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Senders;

/// <summary>
/// One pass over the queued bulk unfollows. Per account it never starts more unfollows than X allows in the current
/// window (<see cref="SendersOptions.UnfollowsPerWindow"/> per <see cref="SendersOptions.UnfollowWindow"/>, counting
/// single unfollows too); when the budget is spent, or X answers 429, the job waits until the window or X's reset time
/// passes and the next pass after that resumes it. Each item is claimed (InFlight) before its call to X and settled after it, so a restart neither loses an item nor
/// sends one X already carried out again.
/// </summary>
public sealed partial class BulkUnfollowRunner(
    AppDbContext db,
    XFollowGraph x,
    BulkUnfollowSignal signal,
    IOptions<SendersOptions> options,
    TimeProvider clock,
    ILogger<BulkUnfollowRunner> log)
{
    /// <summary>Runs every due job; returns how many unfollows were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await signal.Gate.WaitAsync(ct);
        try
        {
            var now = Now;
            var due = await db.BulkUnfollowJobs
                .Where(j => j.Status == BulkJobStatus.Queued || j.Status == BulkJobStatus.Running || j.Status == BulkJobStatus.WaitingForRateLimit)
                .Where(j => j.NextAttemptAt == null || j.NextAttemptAt <= now)
                .OrderBy(j => j.Id)
                .ToListAsync(ct);
            var attempted = 0;
            foreach (var job in due)
            {
                attempted += await RunJobAsync(job, ct);
            }

            return attempted;
        }
        finally
        {
            signal.Gate.Release();
        }
    }

    private async Task<int> RunJobAsync(BulkUnfollowJob job, CancellationToken ct)
    {
        var window = options.Value.UnfollowWindow;
        var attempted = 0;
        while (true)
        {
            var now = Now;
            var windowStart = now - window;
            // Claimed items count: their call to X went out (or may have, if the app died during it).
            var recent = await db.SenderActions
                .Where(a => a.AccountId == job.AccountId && a.Kind == SenderActionKind.Unfollow && a.CompletedAt > windowStart)
                .Where(a => a.Status == ActionStatus.Done || a.Status == ActionStatus.Failed || a.Status == ActionStatus.InFlight)
                .Select(a => a.CompletedAt)
                .ToListAsync(ct);
            if (recent.Count >= options.Value.UnfollowsPerWindow)
            {
                // The oldest unfollow in the window leaves it first; that is when the next one may go.
                var resumeAt = recent.Min()!.Value + window;
                await WaitAsync(job, resumeAt, ct);
                return attempted;
            }

            // An item still claimed here was claimed by a process that died during its call (one runner per process).
            var action = await db.SenderActions
                .Where(a => a.BulkJobId == job.Id && (a.Status == ActionStatus.Pending || a.Status == ActionStatus.InFlight))
                .OrderBy(a => a.Id)
                .FirstOrDefaultAsync(ct);
            if (action is null)
            {
                var completed = await UpdateUnlessCancelledAsync(job, s => s
                    .SetProperty(j => j.Status, BulkJobStatus.Completed)
                    .SetProperty(j => j.CompletedAt, now)
                    .SetProperty(j => j.NextAttemptAt, (DateTime?)null), ct);
                if (completed)
                {
                    LogCompleted(job.Id, job.AccountId);
                }

                return attempted;
            }

            // Cancel is a separate request; read the job's status fresh before each call to X.
            var status = await db.BulkUnfollowJobs.Where(j => j.Id == job.Id).Select(j => j.Status).SingleAsync(ct);
            if (status == BulkJobStatus.Cancelled)
            {
                return attempted;
            }

            XCallResult result;
            if (action.Status == ActionStatus.InFlight
                && await x.IsFollowingAsync(job.AccountId, action.TargetUserId, ct) is false)
            {
                // The call before the crash reached X: settle it without a second unfollow.
                LogSettled(job.Id, action.Id);
                result = XCallResult.Ok;
            }
            else
            {
                // Claim the item before the call (a cancel in between leaves it Cancelled and nothing is sent).
                if (!await ClaimAsync(action, now, ct))
                {
                    continue;
                }

                await UpdateUnlessCancelledAsync(job, s => s.SetProperty(j => j.Status, BulkJobStatus.Running), ct);
                attempted++;
                result = await x.UnfollowAsync(job.AccountId, action.TargetUserId, ct);
            }

            now = Now;
            switch (result.Status)
            {
                case XCallStatus.Ok:
                    await FinishAsync(action.Id, ActionStatus.Done, now, null, ct);
                    await db.BulkUnfollowJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Done, j => j.Done + 1), ct);
                    await db.SenderVerdicts.Where(v => v.AccountId == job.AccountId && v.SenderId == action.TargetUserId)
                        .ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, SenderStatus.Unfollowed).SetProperty(v => v.UpdatedAt, now), ct);
                    await db.Follows.Where(f => f.AccountId == job.AccountId && f.UserId == action.TargetUserId && f.UnfollowedAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(f => f.UnfollowedAt, now), ct);
                    break;
                case XCallStatus.RateLimited:
                    // The item goes back to the queue; X said when to come back.
                    await FinishAsync(action.Id, ActionStatus.Pending, null, null, ct);
                    await WaitAsync(job, result.RetryAt ?? now + window, ct);
                    return attempted;
                case XCallStatus.NeedsReauthorization:
                    // Nothing will work until the user signs in again; look again one window later.
                    await FinishAsync(action.Id, ActionStatus.Pending, null, null, ct);
                    await WaitAsync(job, now + window, ct);
                    return attempted;
                default:
                    await FinishAsync(action.Id, ActionStatus.Failed, now, result.Error, ct);
                    await db.BulkUnfollowJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Failed, j => j.Failed + 1), ct);
                    break;
            }
        }
    }

    /// <summary>Pending → InFlight, only if still pending: a cancel that came first wins.</summary>
    private async Task<bool> ClaimAsync(SenderAction action, DateTime now, CancellationToken ct) =>
        await db.SenderActions
            .Where(a => a.Id == action.Id && (a.Status == ActionStatus.Pending || a.Status == ActionStatus.InFlight))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ActionStatus.InFlight).SetProperty(a => a.CompletedAt, now), ct) == 1;

    /// <summary>Records how a claimed item ended; not cancellable, the call to X has happened.</summary>
    private Task<int> FinishAsync(long actionId, ActionStatus status, DateTime? at, string? error, CancellationToken ct) =>
        db.SenderActions.Where(a => a.Id == actionId).ExecuteUpdateAsync(
            s => s.SetProperty(a => a.Status, status).SetProperty(a => a.CompletedAt, at).SetProperty(a => a.Error, error),
            CancellationToken.None);

    /// <summary>
    /// Job status changes are conditional updates: a cancel saved by a page while this runner waited on X is never
    /// overwritten by the runner's older view of the job.
    /// </summary>
    private async Task<bool> UpdateUnlessCancelledAsync(
        BulkUnfollowJob job,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<BulkUnfollowJob>> set,
        CancellationToken ct) =>
        await db.BulkUnfollowJobs
            .Where(j => j.Id == job.Id && j.Status != BulkJobStatus.Cancelled && j.Status != BulkJobStatus.Completed)
            .ExecuteUpdateAsync(set, ct) == 1;

    private async Task WaitAsync(BulkUnfollowJob job, DateTime resumeAt, CancellationToken ct)
    {
        if (await UpdateUnlessCancelledAsync(job, s => s.SetProperty(j => j.Status, BulkJobStatus.WaitingForRateLimit).SetProperty(j => j.NextAttemptAt, resumeAt), ct))
        {
            LogWaiting(job.Id, job.AccountId, resumeAt);
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "Bulk unfollow {JobId} of account {AccountId} waits for X's limit until {ResumeAt}")]
    private partial void LogWaiting(long jobId, string accountId, DateTime resumeAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bulk unfollow {JobId} of account {AccountId} completed")]
    private partial void LogCompleted(long jobId, string accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bulk unfollow {JobId}: item {ActionId} was claimed when the app stopped and X shows it done; not sent again")]
    private partial void LogSettled(long jobId, long actionId);
}
