using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// One pass of the worker: <see cref="PollingOptions.MaxParallelAccounts"/> slots, each claiming the account due
/// longest (<see cref="AccountLease.ClaimNextDueAsync"/>: pick and lease in one statement, so instances sharing the
/// database never collide) and polling it, until no due account is left to claim. An account that falls due while the
/// pass runs is taken in the same pass; each account at most once per pass. Each poll runs in its own scope and time
/// box so one slow or failing account only ever holds its own slot.
/// </summary>
public sealed class PollingPass(
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
        var passStartedAt = clock.GetUtcNow().UtcDateTime;
        var outcomes = new ConcurrentQueue<AccountPollOutcome>();
        // Every account this pass claimed: claimed once per pass (AccountLease.ClaimNextDueAsync).
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        DateTime? nextDueAt;
        try
        {
            await WithLeaseAsync(async lease =>
            {
                await lease.ReleaseLeftoversAsync(cancellationToken);
                await lease.AddMissingStatesAsync(cancellationToken);
            });
            await Parallel.ForEachAsync(
                Enumerable.Range(0, _options.MaxParallelAccounts),
                new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelAccounts, CancellationToken = cancellationToken },
                async (_, ct) =>
                {
                    while (await WithLeaseAsync(lease => lease.ClaimNextDueAsync(Snapshot(claimed), ct)) is { } accountId)
                    {
                        lock (claimed)
                        {
                            claimed.Add(accountId);
                        }

                        var polling = Stopwatch.GetTimestamp();
                        var outcome = await PollOneAsync(accountId, ct);
                        outcomes.Enqueue(outcome);
                        metrics.AccountPolled(MetricName(outcome.Status), outcome.BillableReads, Stopwatch.GetElapsedTime(polling));
                    }
                });
            foreach (var accountId in await WithLeaseAsync(lease => lease.ReportHeldElsewhereAsync(passStartedAt, cancellationToken)))
            {
                outcomes.Enqueue(new AccountPollOutcome(accountId) { Status = AccountPollStatus.LeaseHeldElsewhere });
                metrics.AccountPolled(MetricName(AccountPollStatus.LeaseHeldElsewhere), 0, elapsed: null);
            }

            nextDueAt = await WithLeaseAsync(lease => lease.NextDueAtAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database could not be read or claimed from: nothing can be written about it, so keep it in memory
            // for health and status. (An account's own failures never get here: PollOneAsync records them.)
            problems.PassFailed(Describe(ex), clock.GetUtcNow().UtcDateTime);
            throw;
        }

        problems.PassCompleted();
        var result = new PollingPassResult([.. outcomes]) { NextDueAt = nextDueAt };
        var polled = result.Accounts.Count(o => o.Status == AccountPollStatus.Polled);
        var failed = result.Accounts.Count(o => o.Status is AccountPollStatus.Failed or AccountPollStatus.NeedsReauthorization);
        var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        PollingLog.PassCompleted(logger, result.Accounts.Count, polled, failed, elapsedMs);
        return result;
    }

    private static string[] Snapshot(HashSet<string> claimed)
    {
        lock (claimed)
        {
            return [.. claimed];
        }
    }

    /// <summary>A short scope for one lease statement (claims run in parallel slots, each needs its own context).</summary>
    private async Task<T> WithLeaseAsync<T>(Func<AccountLease, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AccountLease>());
    }

    private async Task WithLeaseAsync(Func<AccountLease, Task> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<AccountLease>());
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
            return await poller.PollClaimedAsync(accountId, linked.Token);
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
}

/// <summary>The outcome of every account the pass looked at.</summary>
public sealed record PollingPassResult(IReadOnlyList<AccountPollOutcome> Accounts)
{
    /// <summary>When an account this instance could claim falls due next (null: none); the worker wakes then.</summary>
    public DateTime? NextDueAt { get; init; }

    public AccountPollOutcome? For(string accountId) => Accounts.FirstOrDefault(a => a.AccountId == accountId);
}
