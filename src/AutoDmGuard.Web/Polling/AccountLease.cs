using System.Data.Common;
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
        var sql = new LeaseSql(db);
        var fresh = new PollState { AccountId = "" };
        var required = db.Model.FindEntityType(typeof(PollState))!.GetProperties()
            .Where(x => !x.IsNullable && !x.IsPrimaryKey() && x.PropertyInfo is not null)
            .ToList();
        var missing = $"""
            FROM "{sql.Accounts.Table}" AS a
            WHERE {sql.Connected(sql.AccountsId)}
              AND NOT EXISTS (SELECT 1 FROM "{sql.States.Table}" AS p WHERE {sql.StatesId} = {sql.AccountsId})
            """;

        // A read first, so a pass with no new sign-in (nearly every pass) takes no write lock for this.
        if (await RunAsync($"SELECT 1 {missing} LIMIT 1", _ => { }, c => c.ExecuteScalarAsync(cancellationToken), cancellationToken) is null)
        {
            return;
        }

        await RunAsync(
            $"""
            INSERT INTO "{sql.States.Table}" ("{sql.States.Column(nameof(PollState.AccountId))}"{string.Concat(required.Select(x => $", \"{sql.States.Column(x.Name)}\""))})
            SELECT {sql.AccountsId}{string.Concat(required.Select(x => ", @" + x.Name))}
            {missing}
            ON CONFLICT DO NOTHING
            """,
            command =>
            {
                foreach (var property in required)
                {
                    SqlCommands.AddParameter(command, "@" + property.Name).Value = property.PropertyInfo!.GetValue(fresh);
                }
            },
            c => c.ExecuteNonQueryAsync(cancellationToken),
            cancellationToken);
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
        var sql = new LeaseSql(db);
        var postgres = db.Database.IsNpgsql();
        var skipLocked = postgres ? "FOR UPDATE OF p SKIP LOCKED" : "";
        // One parameter whatever the count, so the statement text stays the same from claim to claim.
        var notClaimed = postgres ? $"NOT ({sql.StatesId} = ANY(@claimed))" : $"{sql.StatesId} NOT IN (SELECT value FROM json_each(@claimed))";
        var state = sql.States;
        return await RunAsync(
            $"""
            UPDATE "{state.Table}"
            SET "{state.Column(nameof(PollState.LeaseOwner))}" = @owner,
                "{state.Column(nameof(PollState.LeaseExpiresAt))}" = @until,
                "{state.Column(nameof(PollState.LastPollAt))}" = @now
            WHERE "{state.Column(nameof(PollState.AccountId))}" = (
                SELECT {sql.StatesId} {sql.FromConnectedStates}
                  AND {sql.Due} AND {sql.LeaseFree} AND {notClaimed}
                ORDER BY CASE WHEN {sql.NeverPolled} THEN 0 ELSE 1 END, {sql.DueTime}, {sql.StatesId}
                LIMIT 1
                {skipLocked})
            RETURNING "{state.Column(nameof(PollState.AccountId))}"
            """,
            command =>
            {
                SqlCommands.AddParameter(command, "@owner").Value = instance.Id;
                SqlCommands.AddParameter(command, "@until").Value = now + options.Value.LeaseDuration;
                SqlCommands.AddParameter(command, "@now").Value = now;
                SqlCommands.AddParameter(command, "@claimed").Value = postgres ? claimedThisPass.ToArray() : JsonSerializer.Serialize(claimedThisPass);
            },
            async c => await c.ExecuteScalarAsync(cancellationToken) as string,
            cancellationToken);
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
        var sql = new LeaseSql(db);
        var held = await RunAsync(
            $"""
            SELECT {sql.StatesId}, {sql.LeaseExpires} {sql.FromConnectedStates}
              AND {sql.Due} AND NOT {sql.LeaseFree} AND {sql.LeaseOwner} <> @owner AND {sql.LeaseExpires} <= @takenBeforePass
            """,
            command =>
            {
                SqlCommands.AddParameter(command, "@now").Value = now;
                SqlCommands.AddParameter(command, "@owner").Value = instance.Id;
                SqlCommands.AddParameter(command, "@takenBeforePass").Value = passStartedAt + options.Value.LeaseDuration;
            },
            async c =>
            {
                var rows = new List<(string AccountId, DateTime LeaseExpiresAt)>();
                await using var reader = await c.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add((reader.GetString(0), UtcDateTimeConverter.FromStore(reader.GetDateTime(1))));
                }

                return rows;
            },
            cancellationToken);
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
        var sql = new LeaseSql(db);
        // Each account's due time as the claim orders by it: now without a next poll time, else the sooner of the two.
        return await RunAsync(
            $"SELECT MIN(CASE WHEN {sql.NeverPolled} THEN @now ELSE {sql.DueTime} END) {sql.FromConnectedStates} AND {sql.LeaseFree}",
            command => SqlCommands.AddParameter(command, "@now").Value = now,
            async c =>
            {
                await using var reader = await c.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) && !await reader.IsDBNullAsync(0, cancellationToken) ? UtcDateTimeConverter.FromStore(reader.GetDateTime(0)) : (DateTime?)null;
            },
            cancellationToken);
    }

    /// <summary>Runs one statement on the context's connection (opened for it, closed after).</summary>
    private async Task<T> RunAsync<T>(string commandText, Action<DbCommand> parameters, Func<DbCommand, Task<T>> run, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = commandText;
            parameters(command);
            return await run(command);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The lease's rules, each written once as SQL over the PollState row <c>p</c> and its account <c>a</c>: the claim,
    /// the wake-up time and the report of leases held elsewhere must agree on them (a wake-up for an account the claim
    /// will not take, or a claim of one the wake-up time ignores, would stall or spin the worker). SQL, not LINQ,
    /// because the claim needs FOR UPDATE SKIP LOCKED, which EF Core cannot write. Times compare with <c>@now</c>.
    /// </summary>
    private sealed class LeaseSql(AppDbContext db)
    {
        public SqlNames States { get; } = SqlNames.For<PollState>(db);

        public SqlNames Accounts { get; } = SqlNames.For<Account>(db);

        private readonly SqlNames tokens = SqlNames.For<AccountToken>(db);

        public string StatesId => State(nameof(PollState.AccountId));

        public string AccountsId => $"a.\"{Accounts.Column(nameof(Account.Id))}\"";

        public string LeaseOwner => State(nameof(PollState.LeaseOwner));

        public string LeaseExpires => State(nameof(PollState.LeaseExpiresAt));

        /// <summary>Connected: signed in (a token) and not waiting for re-authorization; the account is <c>a</c>.</summary>
        public string Connected(string accountId) =>
            $"""NOT a."{Accounts.Column(nameof(Account.NeedsReauthorization))}" AND EXISTS (SELECT 1 FROM "{tokens.Table}" AS t WHERE t."{tokens.Column(nameof(AccountToken.AccountId))}" = {accountId})""";

        /// <summary>The PollState rows <c>p</c> of connected accounts, ready for more conditions after <c>AND</c>.</summary>
        public string FromConnectedStates =>
            $"""FROM "{States.Table}" AS p JOIN "{Accounts.Table}" AS a ON {AccountsId} = {StatesId} WHERE {Connected(StatesId)}""";

        /// <summary>Never polled (signed in again after re-authorization, or new): due at once.</summary>
        public string NeverPolled => $"({State(nameof(PollState.NextDmPollAt))} IS NULL OR {State(nameof(PollState.NextFollowingSyncAt))} IS NULL)";

        public string Due => $"({NeverPolled} OR {State(nameof(PollState.NextDmPollAt))} <= @now OR {State(nameof(PollState.NextFollowingSyncAt))} <= @now)";

        /// <summary>The sooner of the two next poll times (for a row that has both).</summary>
        public string DueTime =>
            $"CASE WHEN {State(nameof(PollState.NextDmPollAt))} < {State(nameof(PollState.NextFollowingSyncAt))} THEN {State(nameof(PollState.NextDmPollAt))} ELSE {State(nameof(PollState.NextFollowingSyncAt))} END";

        /// <summary>No one holds the lease, or its holder let it expire.</summary>
        public string LeaseFree => $"({LeaseOwner} IS NULL OR {LeaseExpires} IS NULL OR {LeaseExpires} < @now)";

        private string State(string property) => $"p.\"{States.Column(property)}\"";
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
