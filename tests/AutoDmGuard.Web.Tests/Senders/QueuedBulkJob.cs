using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Tests.Infrastructure;

namespace AutoDmGuard.Web.Tests.Senders;

/// <summary>A bulk-unfollow job written straight to the database, for tests whose executor runs in another process.</summary>
internal static class QueuedBulkJob
{
    /// <summary>
    /// Queues one job of pending unfollows of <paramref name="targets"/>; returns its id. Job and items go in one
    /// transaction, as the app queues them: a runner that saw the job before its items would complete it empty.
    /// </summary>
    public static Task<long> QueueAsync(AppFactory app, string accountId, IReadOnlyCollection<string> targets, DateTime now) =>
        app.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var job = new BulkUnfollowJob { AccountId = accountId, Status = BulkJobStatus.Queued, Total = targets.Count, CreatedAt = now };
            db.BulkUnfollowJobs.Add(job);
            await db.SaveChangesAsync();
            db.SenderActions.AddRange(targets.Select(t => new SenderAction
            {
                AccountId = accountId, TargetUserId = t, Kind = SenderActionKind.Unfollow, Status = ActionStatus.Pending, CreatedAt = now, BulkJobId = job.Id,
            }));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return job.Id;
        });
}
