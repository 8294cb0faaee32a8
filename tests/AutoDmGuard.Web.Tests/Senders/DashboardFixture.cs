using AutoDmGuard.Web.Tests.Infrastructure;

namespace AutoDmGuard.Web.Tests.Senders;

/// <summary>The shared app host for the dashboard's tests; the bulk executor is off so tests drive the runner themselves.</summary>
public class DashboardFixture : AppFactory
{
    private readonly SemaphoreSlim _followedLock = new(1, 1);
    private readonly Dictionary<string, Queue<string>> _unusedFollowed = new(StringComparer.Ordinal);

    public DashboardFixture()
    {
        Settings["Dashboard:BulkExecutorEnabled"] = "false";
        Settings["Dashboard:PageSize"] = "10";
    }

    /// <summary>Seeds rows for an account through the app's own DbContext.</summary>
    public Task SeedAsync(SenderSeed seed) => WithDbAsync(async db =>
    {
        await seed.SaveAsync(db);
        return true;
    });

    /// <summary>
    /// Users the account really follows at the sandbox, each handed out once per host: tests that unfollow them
    /// never step on each other.
    /// </summary>
    public async Task<IReadOnlyList<string>> TakeFollowedAsync(string accountId, int count)
    {
        await _followedLock.WaitAsync();
        try
        {
            if (!_unusedFollowed.TryGetValue(accountId, out var queue))
            {
                queue = new Queue<string>(await SandboxAdmin.FollowingAsync(accountId));
                _unusedFollowed[accountId] = queue;
            }

            Assert.True(queue.Count >= count, $"The sandbox account follows too few users for this test ({queue.Count} left, {count} needed).");
            return [.. Enumerable.Range(0, count).Select(_ => queue.Dequeue())];
        }
        finally
        {
            _followedLock.Release();
        }
    }

    /// <summary>
    /// Seeds <paramref name="count"/> flagged senders the account really follows (<see cref="TakeFollowedAsync"/>), named
    /// "{tag}_{i}" with falling scores, so a search for <paramref name="tag"/> shows exactly them in that order.
    /// </summary>
    public async Task<IReadOnlyList<string>> SeedFollowedSendersAsync(string accountId, string tag, int count)
    {
        var ids = await TakeFollowedAsync(accountId, count);
        var seed = new SenderSeed(accountId) { IncludeAccount = false };
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            seed.Sender($"{tag}_{i}", 0.9 - (i * 0.01), id: id);
        }

        await SeedAsync(seed);
        return ids;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _followedLock.Dispose();
        GC.SuppressFinalize(this);
    }
}
