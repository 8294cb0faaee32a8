using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Polling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Senders;

/// <summary>
/// Which app instance works a bulk-unfollow job: a lease in the job's row (owner = this instance's id, the one poll
/// leases use), taken and renewed by conditional updates so only one instance moves it from free or expired to itself.
/// An instance that dies leaves its lease to expire after <see cref="SendersOptions.BulkJobLeaseDuration"/>; then any
/// other instance takes the job over.
/// </summary>
internal sealed class BulkJobLease(AppDbContext db, PollingInstance instance, IOptions<SendersOptions> options, TimeProvider clock)
{
    public string Owner => instance.Id;

    /// <summary>
    /// The jobs of <paramref name="jobs"/> this instance may take at <paramref name="now"/>: lease free, expired or
    /// already its own (a restart keeps its id). The one definition the runner's pick and <see cref="TryTakeAsync"/> use.
    /// </summary>
    public IQueryable<BulkUnfollowJob> Takeable(IQueryable<BulkUnfollowJob> jobs, DateTime now)
    {
        var owner = Owner;
        return jobs.Where(j => j.LeaseOwner == null || j.LeaseOwner == owner || j.LeaseExpiresAt == null || j.LeaseExpiresAt < now);
    }

    /// <summary>Takes the job if it is <see cref="Takeable"/>.</summary>
    public async Task<bool> TryTakeAsync(long jobId, CancellationToken ct)
    {
        var (now, until) = Window();
        var owner = Owner;
        return await Takeable(db.BulkUnfollowJobs.Where(j => j.Id == jobId), now)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, owner).SetProperty(j => j.LeaseExpiresAt, until), ct) == 1;
    }

    /// <summary>Extends the lease; false when another instance has taken the job (this one must stop working it).</summary>
    public async Task<bool> RenewAsync(long jobId, CancellationToken ct)
    {
        var (_, until) = Window();
        var owner = Owner;
        return await db.BulkUnfollowJobs
            .Where(j => j.Id == jobId && j.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, until), ct) == 1;
    }

    /// <summary>Frees the job for any instance (best effort: a lease left behind only expires).</summary>
    public async Task ReleaseAsync(long jobId)
    {
        var owner = Owner;
        await db.BulkUnfollowJobs
            .Where(j => j.Id == jobId && j.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
    }

    private (DateTime Now, DateTime Until) Window()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return (now, now + options.Value.BulkJobLeaseDuration);
    }
}
