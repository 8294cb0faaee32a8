using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// Which app instance polls an account: a lease in the account's PollState row, moved by a conditional update so only
/// one instance can take it from free or expired to itself.
/// </summary>
internal sealed class AccountLease(
    AppDbContext db,
    PollingInstance instance,
    WorkerProblems problems,
    IOptions<PollingOptions> options,
    TimeProvider clock,
    ILogger<AccountLease> logger)
{
    public async Task<bool> TryTakeAsync(string accountId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
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
        var until = now + options.Value.LeaseDuration;
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

    public async Task ReleaseAsync(string accountId)
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
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            PollingLog.LeaseNotReleased(logger, ex, accountId);
        }
    }
}
