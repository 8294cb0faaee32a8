using System.Collections.Concurrent;

namespace AutoDmGuard.Web.Accounts;

/// <summary>
/// One async lock per account for the whole process (singleton), so the worker and a page request never refresh the
/// same account at once: X rotates the refresh token, and the loser of such a race would hold a spent one.
/// </summary>
public sealed class AccountRefreshLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string accountId, CancellationToken ct)
    {
        var semaphore = _locks.GetOrAdd(accountId, static _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(ct);
        return new Releaser(semaphore);
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
