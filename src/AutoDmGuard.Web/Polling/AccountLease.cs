using System.Globalization;
using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// Which app instance polls an account: a lease in the account's PollState row. An instance does not pick an account
/// and then try its lease (instances picking in the same order would meet each other's leases and waste their slots);
/// it claims the account due longest among those whose lease is free, in one statement that picks and leases together
/// (<see cref="ClaimNextDueAsync"/>), so two instances never get the same account and never pick one the other holds.
/// </summary>
internal sealed class AccountLease(
    AppDbContext db,
    PollingInstance instance,
    WorkerProblems problems,
    IOptions<PollingOptions> options,
    TimeProvider clock,
    ILogger<AccountLease> logger)
{
    /// <summary>
    /// Gives connected accounts without a PollState row (new sign-ins) one, due at once, so the claim sees them.
    /// </summary>
    public async Task AddMissingStatesAsync(CancellationToken cancellationToken)
    {
        var missing = await db.Accounts.AsNoTracking()
            .Where(a => !a.NeedsReauthorization && a.Token != null && a.PollState == null)
            .Select(a => a.Id)
            .ToListAsync(cancellationToken);
        foreach (var accountId in missing)
        {
            db.PollStates.Add(new PollState { AccountId = accountId });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance created it first (or the account was just deleted): either way nothing to add.
            }

            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Leases the connected account that has been due longest (never polled first) among those whose lease is free,
    /// expired or this instance's own, and that this pass has not claimed yet (claimed = LastPollAt set to now, so an
    /// account whose schedule did not move cannot keep a pass going); null when there is none. One UPDATE … RETURNING:
    /// on PostgreSQL the pick locks its row with FOR UPDATE SKIP LOCKED, so a concurrent claim takes the next account
    /// instead of waiting for this one; SQLite runs one writing statement at a time, so the pick sees every earlier claim.
    /// </summary>
    public async Task<string?> ClaimNextDueAsync(DateTime passStartedAt, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var p = SqlNames.For<PollState>(db);
        var a = SqlNames.For<Account>(db);
        var t = SqlNames.For<AccountToken>(db);
        string P(string property) => $"p.\"{p.Column(property)}\"";
        var nextDm = P(nameof(PollState.NextDmPollAt));
        var nextFollowing = P(nameof(PollState.NextFollowingSyncAt));
        var leaseOwner = P(nameof(PollState.LeaseOwner));
        var leaseExpires = P(nameof(PollState.LeaseExpiresAt));
        var lastPoll = P(nameof(PollState.LastPollAt));
        var accountId = P(nameof(PollState.AccountId));
        var skipLocked = db.Database.IsNpgsql() ? "FOR UPDATE OF p SKIP LOCKED" : "";
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
                UPDATE "{p.Table}"
                SET "{p.Column(nameof(PollState.LeaseOwner))}" = @owner,
                    "{p.Column(nameof(PollState.LeaseExpiresAt))}" = @until,
                    "{p.Column(nameof(PollState.LastPollAt))}" = @now
                WHERE "{p.Column(nameof(PollState.AccountId))}" = (
                    SELECT {accountId} FROM "{p.Table}" AS p
                    JOIN "{a.Table}" AS a ON a."{a.Column(nameof(Account.Id))}" = {accountId}
                    WHERE NOT a."{a.Column(nameof(Account.NeedsReauthorization))}"
                      AND EXISTS (SELECT 1 FROM "{t.Table}" AS t WHERE t."{t.Column(nameof(AccountToken.AccountId))}" = {accountId})
                      AND ({nextDm} IS NULL OR {nextFollowing} IS NULL OR {nextDm} <= @now OR {nextFollowing} <= @now)
                      AND ({leaseOwner} IS NULL OR {leaseOwner} = @owner OR {leaseExpires} IS NULL OR {leaseExpires} < @now)
                      AND ({lastPoll} IS NULL OR {lastPoll} < @passStart)
                    ORDER BY CASE WHEN {nextDm} IS NULL OR {nextFollowing} IS NULL THEN 0 ELSE 1 END,
                             CASE WHEN {nextDm} < {nextFollowing} THEN {nextDm} ELSE {nextFollowing} END,
                             {accountId}
                    LIMIT 1
                    {skipLocked})
                RETURNING "{p.Column(nameof(PollState.AccountId))}"
                """);
            SqlCommands.AddParameter(command, "@owner").Value = instance.Id;
            SqlCommands.AddParameter(command, "@until").Value = now + options.Value.LeaseDuration;
            SqlCommands.AddParameter(command, "@now").Value = now;
            SqlCommands.AddParameter(command, "@passStart").Value = passStartedAt;
            return await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Due accounts another instance has held since before this pass began (a lease taken LeaseDuration before its
    /// expiry): a crashed instance's lease, or a second process on the same data. Each is logged and kept in
    /// <see cref="WorkerProblems"/> for /health/worker and the status bar. Leases another instance took during the pass
    /// are its polls in progress, not a problem, and are left out.
    /// </summary>
    public async Task<List<string>> ReportHeldElsewhereAsync(DateTime passStartedAt, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var owner = instance.Id;
        var takenBeforePass = passStartedAt + options.Value.LeaseDuration;
        var held = await db.Accounts.AsNoTracking()
            .Where(a => !a.NeedsReauthorization && a.Token != null && a.PollState != null)
            .Select(a => a.PollState!)
            .Where(s => s.LeaseOwner != null && s.LeaseOwner != owner && s.LeaseExpiresAt != null && s.LeaseExpiresAt >= now
                && s.LeaseExpiresAt <= takenBeforePass
                && (s.NextDmPollAt == null || s.NextFollowingSyncAt == null || s.NextDmPollAt <= now || s.NextFollowingSyncAt <= now))
            .Select(s => new { s.AccountId, s.LeaseExpiresAt })
            .ToListAsync(cancellationToken);
        foreach (var account in held)
        {
            PollingLog.LeaseHeldElsewhere(logger, account.AccountId, account.LeaseExpiresAt);
            problems.LeaseHeldElsewhere(account.AccountId, account.LeaseExpiresAt);
        }

        return held.Select(h => h.AccountId).ToList();
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
