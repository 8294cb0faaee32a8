using System.Collections.Concurrent;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// What the worker could not (or need not) write to the database, kept in this process's memory for the status bar and
/// /health/worker: a failure whose recording failed too (disk full, a broken database), and a skip because another
/// instance holds the account's lease. Cleared by the account's next poll that gets through.
/// </summary>
public sealed class WorkerProblems
{
    private readonly ConcurrentDictionary<string, AccountProblem> _accounts = new(StringComparer.Ordinal);

    /// <summary>The last pass that failed as a whole (e.g. the database could not be read), until a pass completes.</summary>
    public WorkerProblem? PassFailure { get; private set; }

    public AccountProblem? For(string accountId) => _accounts.GetValueOrDefault(accountId);

    public IReadOnlyCollection<AccountProblem> Accounts => (IReadOnlyCollection<AccountProblem>)_accounts.Values;

    public void Failed(string accountId, string error, DateTime at) =>
        _accounts.AddOrUpdate(
            accountId,
            _ => new AccountProblem(new WorkerProblem(error, at), null),
            (_, old) => old with { Failure = new WorkerProblem(error, at) });

    public void LeaseHeldElsewhere(string accountId, DateTime? until) =>
        _accounts.AddOrUpdate(
            accountId,
            _ => new AccountProblem(null, until),
            (_, old) => old with { LeaseHeldElsewhereUntil = until });

    /// <summary>The account's poll ran and its outcome is in the database.</summary>
    public void Recorded(string accountId) => _accounts.TryRemove(accountId, out _);

    public void PassFailed(string error, DateTime at) => PassFailure = new WorkerProblem(error, at);

    public void PassCompleted() => PassFailure = null;
}

public sealed record WorkerProblem(string Error, DateTime At);

public sealed record AccountProblem(WorkerProblem? Failure, DateTime? LeaseHeldElsewhereUntil);
