using System.Globalization;
using System.Text.Json;
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
    /// Gives connected accounts without a PollState row (new sign-ins) one, due at once, so the claim sees them: one
    /// INSERT … SELECT … ON CONFLICT DO NOTHING, as every instance may add the same new accounts at the same time.
    /// The non-nullable columns get a new <see cref="PollState"/>'s values (the class holds the defaults).
    /// </summary>
    public async Task AddMissingStatesAsync(CancellationToken cancellationToken)
    {
        var p = SqlNames.For<PollState>(db);
        var a = SqlNames.For<Account>(db);
        var t = SqlNames.For<AccountToken>(db);
        var fresh = new PollState { AccountId = "" };
        var required = db.Model.FindEntityType(typeof(PollState))!.GetProperties()
            .Where(x => !x.IsNullable && !x.IsPrimaryKey() && x.PropertyInfo is not null)
            .ToList();
        var accountId = p.Column(nameof(PollState.AccountId));
        // A read first, so a pass with no new sign-in (nearly every pass) takes no write lock for this.
        if (!await db.Accounts.AnyAsync(a => !a.NeedsReauthorization && a.Token != null && a.PollState == null, cancellationToken))
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
                INSERT INTO "{p.Table}" ("{accountId}"{string.Concat(required.Select(x => $", \"{p.Column(x.Name)}\""))})
                SELECT a."{a.Column(nameof(Account.Id))}"{string.Concat(required.Select(x => ", @" + x.Name))}
                FROM "{a.Table}" AS a
                WHERE NOT a."{a.Column(nameof(Account.NeedsReauthorization))}"
                  AND EXISTS (SELECT 1 FROM "{t.Table}" AS t WHERE t."{t.Column(nameof(AccountToken.AccountId))}" = a."{a.Column(nameof(Account.Id))}")
                  AND NOT EXISTS (SELECT 1 FROM "{p.Table}" AS p WHERE p."{accountId}" = a."{a.Column(nameof(Account.Id))}")
                ON CONFLICT DO NOTHING
                """);
            foreach (var property in required)
            {
                SqlCommands.AddParameter(command, "@" + property.Name).Value = property.PropertyInfo!.GetValue(fresh);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Leases the connected account that has been due longest (never polled first) among those whose lease is free,
    /// or expired, leaving out <paramref name="claimedThisPass"/> (a pass takes an account at most once: one whose
    /// schedule a failed write did not move would otherwise keep the pass going); null when there is none. One UPDATE … RETURNING that also sets LastPollAt: on PostgreSQL the pick locks its row with FOR UPDATE
    /// SKIP LOCKED, so a concurrent claim takes the next account instead of waiting for this one; SQLite runs one
    /// writing statement at a time, so the pick sees every earlier claim.
    /// </summary>
    public async Task<string?> ClaimNextDueAsync(IReadOnlyCollection<string> claimedThisPass, CancellationToken cancellationToken)
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
        var accountId = P(nameof(PollState.AccountId));
        var postgres = db.Database.IsNpgsql();
        var skipLocked = postgres ? "FOR UPDATE OF p SKIP LOCKED" : "";
        // One parameter whatever the count, so the statement text stays the same from claim to claim.
        var notClaimed = postgres ? $"NOT ({accountId} = ANY(@claimed))" : $"{accountId} NOT IN (SELECT value FROM json_each(@claimed))";
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
                      AND ({leaseOwner} IS NULL OR {leaseExpires} IS NULL OR {leaseExpires} < @now)
                      AND {notClaimed}
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
            SqlCommands.AddParameter(command, "@claimed").Value = postgres ? claimedThisPass.ToArray() : JsonSerializer.Serialize(claimedThisPass);
            return await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Frees the leases this instance holds before its pass begins. An instance runs one pass at a time and every poll
    /// releases its lease, so such a lease is a leftover: of a process with this id that crashed (the id is kept in the
    /// data folder), or of a release that failed. Freed rather than claimable as "mine", so a claim never returns an
    /// account another slot of this instance is polling. Best effort, as <see cref="ReleaseAsync"/>: a leftover that
    /// stays only keeps its account until the lease expires.
    /// </summary>
    public async Task ReleaseLeftoversAsync(CancellationToken cancellationToken)
    {
        var owner = instance.Id;
        try
        {
            // A read first: passes run every second in a busy fleet and nearly always have nothing to free.
            if (!await db.PollStates.AnyAsync(p => p.LeaseOwner == owner, cancellationToken))
            {
                return;
            }

            await db.PollStates
                .Where(p => p.LeaseOwner == owner)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.LeaseOwner, (string?)null).SetProperty(p => p.LeaseExpiresAt, (DateTime?)null), cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            PollingLog.LeftoverLeasesNotReleased(logger, ex);
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
        var held = await ConnectedStates()
            .Where(s => s.NextDmPollAt == null || s.NextFollowingSyncAt == null || s.NextDmPollAt <= now || s.NextFollowingSyncAt <= now)
            .Where(s => s.LeaseOwner != null && s.LeaseOwner != owner && s.LeaseExpiresAt != null && s.LeaseExpiresAt >= now
                && s.LeaseExpiresAt <= takenBeforePass)
            .Select(s => new { s.AccountId, s.LeaseExpiresAt })
            .ToListAsync(cancellationToken);
        foreach (var account in held)
        {
            PollingLog.LeaseHeldElsewhere(logger, account.AccountId, account.LeaseExpiresAt);
            problems.LeaseHeldElsewhere(account.AccountId, account.LeaseExpiresAt);
        }

        return held.Select(h => h.AccountId).ToList();
    }

    /// <summary>
    /// When the next account falls due that this instance could claim (lease free or expired); null when none will.
    /// A time already past is returned as it is: an account can fall due again while the pass that polled it still runs
    /// (a pass claims each account once), and the worker then wakes at once (after its floor) instead of a tick later.
    /// Accounts due already but held elsewhere are left to the regular tick. An account without a next poll time (signed
    /// in again after it needed re-authorization) is due now, as the claim treats it.
    /// </summary>
    public async Task<DateTime?> NextDueAtAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Each account's due time as the claim orders by it: now without a next poll time, else the sooner of the two.
        return await ConnectedStates()
            .Where(s => s.LeaseOwner == null || s.LeaseExpiresAt == null || s.LeaseExpiresAt < now)
            .MinAsync(
                s => s.NextDmPollAt == null || s.NextFollowingSyncAt == null ? now
                    : s.NextDmPollAt < s.NextFollowingSyncAt ? s.NextDmPollAt : s.NextFollowingSyncAt,
                cancellationToken);
    }

    /// <summary>
    /// The PollState rows of connected accounts (a token, not waiting for re-authorization): the accounts the claim in
    /// <see cref="ClaimNextDueAsync"/> chooses from, whose SQL says the same.
    /// </summary>
    private IQueryable<PollState> ConnectedStates() =>
        db.Accounts.AsNoTracking()
            .Where(a => !a.NeedsReauthorization && a.Token != null && a.PollState != null)
            .Select(a => a.PollState!);

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
