using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// One pass of the worker: every connected account that is due, soonest-due first, at most
/// <see cref="PollingOptions.MaxParallelAccounts"/> at a time, each in its own scope and time box so one slow or
/// failing account only ever holds its own slot.
/// </summary>
public sealed class PollingPass(
    AppDbContext db,
    IServiceScopeFactory scopes,
    WorkerProblems problems,
    AppMetrics metrics,
    IOptions<PollingOptions> options,
    TimeProvider clock,
    ILogger<PollingPass> logger)
{
    private readonly PollingOptions _options = options.Value;

    public async Task<PollingPassResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        List<string> due;
        try
        {
            due = await FindDueAccountsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Nothing can be written about a pass that cannot read the database: keep it in memory for health and status.
            problems.PassFailed(Describe(ex), clock.GetUtcNow().UtcDateTime);
            throw;
        }

        var outcomes = new AccountPollOutcome[due.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, due.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelAccounts, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                outcomes[i] = await PollOneAsync(due[i], ct);
                metrics.AccountPolled(MetricName(outcomes[i].Status), outcomes[i].BillableReads);
            });

        problems.PassCompleted();
        var result = new PollingPassResult(outcomes);
        var polled = outcomes.Count(o => o.Status == AccountPollStatus.Polled);
        var failed = outcomes.Count(o => o.Status is AccountPollStatus.Failed or AccountPollStatus.NeedsReauthorization);
        var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        PollingLog.PassCompleted(logger, due.Count, polled, failed, elapsedMs);
        return result;
    }

    /// <summary>Connected accounts (a token, not waiting for re-consent) whose DM or following poll is due, soonest first.</summary>
    private async Task<List<string>> FindDueAccountsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var candidates = await db.Accounts.AsNoTracking()
            .Where(a => !a.NeedsReauthorization && a.Token != null)
            .Select(a => new
            {
                a.Id,
                NextDm = a.PollState == null ? null : a.PollState.NextDmPollAt,
                NextFollowing = a.PollState == null ? null : a.PollState.NextFollowingSyncAt,
            })
            .ToListAsync(cancellationToken);
        return candidates
            .Select(c => (c.Id, DueAt: Min(c.NextDm, c.NextFollowing)))
            .Where(c => c.DueAt is null || c.DueAt <= now)
            .OrderBy(c => c.DueAt ?? DateTime.MinValue)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => c.Id)
            .ToList();
    }

    private async Task<AccountPollOutcome> PollOneAsync(string accountId, CancellationToken cancellationToken)
    {
        // The time box runs on the injected clock, like every other wait of the worker.
        using var timeBox = new CancellationTokenSource(_options.AccountTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeBox.Token);
        AccountPoller? poller = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            poller = scope.ServiceProvider.GetRequiredService<AccountPoller>();
            return await poller.PollAsync(accountId, linked.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A bug or an outage in one account's work is that account's problem: log it, keep the pass going.
            var error = timeBox.IsCancellationRequested
                ? string.Create(CultureInfo.InvariantCulture, $"the account's poll took longer than {_options.AccountTimeout} and was stopped")
                : Describe(ex);
            // Kept in memory as well: when the database itself is what failed (disk full), the record below fails too.
            problems.Failed(accountId, error, clock.GetUtcNow().UtcDateTime);
            var retryAt = await RecordUnexpectedFailureAsync(accountId, error, cancellationToken);
            PollingLog.AccountFailed(logger, ex, accountId, retryAt);
            // What the poll read before it failed was read (and billed) all the same.
            var progress = poller?.Progress;
            return new AccountPollOutcome(accountId)
            {
                Status = AccountPollStatus.Failed,
                Error = error,
                EventsRead = progress?.EventsRead ?? 0,
                NewEvents = progress?.NewEvents ?? 0,
                Pages = progress?.Pages ?? 0,
                BillableReads = progress?.BillableReads ?? 0,
            };
        }
    }

    /// <summary>
    /// Best effort, in a fresh scope (the account's own context may be broken): record the failure and back the account
    /// off exponentially, so a poll that keeps crashing or hanging does not take a slot on every tick.
    /// </summary>
    private async Task<DateTime?> RecordUnexpectedFailureAsync(string accountId, string error, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var fresh = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var state = await fresh.PollStates.FirstOrDefaultAsync(p => p.AccountId == accountId, cancellationToken);
            if (state is null)
            {
                return null;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            state.ConsecutiveFailures++;
            state.LastError = error;
            state.NextDmPollAt = PollSchedule.NextAfterFailure(now, state.ConsecutiveFailures, _options.BackoffBase, _options.BackoffCap, Random.Shared.NextDouble());
            await fresh.SaveChangesAsync(cancellationToken);
            return state.NextDmPollAt;
        }
        catch (Exception ex) when (ex is DbUpdateException or DbException or InvalidOperationException)
        {
            PollingLog.PassFailed(logger, ex);
            return null;
        }
    }

    /// <summary>A database error says which (disk full, I/O, locked); anything else only its type.</summary>
    private static string Describe(Exception ex) =>
        ex is DbException or DbUpdateException { InnerException: DbException }
            ? "database error: " + ((ex as DbException) ?? (DbException)ex.InnerException!).Message
            : "unexpected: " + ex.GetType().Name;

    private static string MetricName(AccountPollStatus status) => status switch
    {
        AccountPollStatus.Polled => "polled",
        AccountPollStatus.Failed => "failed",
        AccountPollStatus.Skipped => "skipped",
        AccountPollStatus.LeaseHeldElsewhere => "lease_held_elsewhere",
        AccountPollStatus.NeedsReauthorization => "needs_reauthorization",
        _ => status.ToString(),
    };

    private static DateTime? Min(DateTime? a, DateTime? b) =>
        a is null || b is null ? null : (a < b ? a : b);
}

/// <summary>The outcome of every account the pass looked at.</summary>
public sealed record PollingPassResult(IReadOnlyList<AccountPollOutcome> Accounts)
{
    public AccountPollOutcome? For(string accountId) => Accounts.FirstOrDefault(a => a.AccountId == accountId);
}
