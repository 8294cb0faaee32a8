using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Actions;

/// <summary>
/// One pass over the queued bulk unfollows. Per account it never starts more unfollows than X allows in the current
/// window (<see cref="DashboardOptions.UnfollowsPerWindow"/> per <see cref="DashboardOptions.UnfollowWindow"/>, counting
/// single unfollows too); when the budget is spent, or X answers 429, the job waits until the window or X's reset time
/// passes and the next pass after that resumes it. Progress is saved after every item, so a restart loses nothing.
/// </summary>
public sealed partial class BulkUnfollowRunner(
    AppDbContext db,
    XFollowGraph x,
    BulkUnfollowSignal signal,
    IOptions<DashboardOptions> options,
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
            var recent = await db.SenderActions
                .Where(a => a.AccountId == job.AccountId && a.Kind == SenderActionKind.Unfollow && a.CompletedAt > windowStart)
                .Where(a => a.Status == ActionStatus.Done || a.Status == ActionStatus.Failed)
                .Select(a => a.CompletedAt)
                .ToListAsync(ct);
            if (recent.Count >= options.Value.UnfollowsPerWindow)
            {
                // The oldest unfollow in the window leaves it first; that is when the next one may go.
                var resumeAt = recent.Min()!.Value + window;
                await WaitAsync(job, resumeAt, ct);
                return attempted;
            }

            var action = await db.SenderActions
                .Where(a => a.BulkJobId == job.Id && a.Status == ActionStatus.Pending)
                .OrderBy(a => a.Id)
                .FirstOrDefaultAsync(ct);
            if (action is null)
            {
                job.Status = BulkJobStatus.Completed;
                job.CompletedAt = now;
                job.NextAttemptAt = null;
                await db.SaveChangesAsync(ct);
                LogCompleted(job.Id, job.AccountId, job.Done, job.Failed);
                return attempted;
            }

            // Cancel is a separate request; read the job's status fresh before each call to X.
            var status = await db.BulkUnfollowJobs.Where(j => j.Id == job.Id).Select(j => j.Status).SingleAsync(ct);
            if (status == BulkJobStatus.Cancelled)
            {
                return attempted;
            }

            job.Status = BulkJobStatus.Running;
            attempted++;
            var result = await x.UnfollowAsync(job.AccountId, action.TargetUserId, ct);
            now = Now;
            switch (result.Status)
            {
                case XCallStatus.Ok:
                    action.Status = ActionStatus.Done;
                    action.CompletedAt = now;
                    job.Done++;
                    await db.SenderVerdicts.Where(v => v.AccountId == job.AccountId && v.SenderId == action.TargetUserId)
                        .ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, SenderStatus.Unfollowed).SetProperty(v => v.UpdatedAt, now), ct);
                    await db.Follows.Where(f => f.AccountId == job.AccountId && f.UserId == action.TargetUserId && f.UnfollowedAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(f => f.UnfollowedAt, now), ct);
                    break;
                case XCallStatus.RateLimited:
                    // The action stays pending; X said when to come back.
                    await WaitAsync(job, result.RetryAt ?? now + window, ct);
                    return attempted;
                case XCallStatus.NeedsReauthorization:
                    // Nothing will work until the user signs in again; look again one window later.
                    await WaitAsync(job, now + window, ct);
                    return attempted;
                default:
                    action.Status = ActionStatus.Failed;
                    action.CompletedAt = now;
                    action.Error = result.Error;
                    job.Failed++;
                    break;
            }

            await db.SaveChangesAsync(ct);
        }
    }

    private async Task WaitAsync(BulkUnfollowJob job, DateTime resumeAt, CancellationToken ct)
    {
        job.Status = BulkJobStatus.WaitingForRateLimit;
        job.NextAttemptAt = resumeAt;
        await db.SaveChangesAsync(ct);
        LogWaiting(job.Id, job.AccountId, resumeAt);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "Bulk unfollow {JobId} of account {AccountId} waits for X's limit until {ResumeAt}")]
    private partial void LogWaiting(long jobId, string accountId, DateTime resumeAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bulk unfollow {JobId} of account {AccountId} completed: {Done} done, {Failed} failed")]
    private partial void LogCompleted(long jobId, string accountId, int done, int failed);
}
