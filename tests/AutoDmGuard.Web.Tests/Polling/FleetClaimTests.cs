using System.Collections.Concurrent;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Polling;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDmGuard.Web.Tests.Polling;

/// <summary>
/// Two app instances (two hosts, each its own instance id) polling one database at the same time: every due account is
/// claimed by exactly one of them, no account is polled by both (at once or one after the other), no pick is wasted on
/// the other's lease, and both make progress while the other is mid-poll.
/// </summary>
public sealed class FleetClaimTests
{
    private const int Accounts = 18;

    [Fact]
    public async Task Two_instances_polling_concurrently_never_pick_the_same_account_and_both_make_progress()
    {
        await using var a = await PollingAppFactory.StartAsync(f => f.ExtraAccounts = Accounts);
        await using var b = a.WithWebHostBuilder(h => h.UseSetting("Polling:InstanceId", "instance-b"));
        _ = b.Services;
        var users = new List<Infrastructure.SignedInUser>();
        foreach (var account in a.Sandbox.SignableAccounts.Where(s => s.Username.StartsWith("fleet", StringComparison.Ordinal)))
        {
            await a.SandboxAdmin.SimulateAsync("friend-dm", account.Id);
            users.Add(await a.SignInAsync(account.Username));
        }

        Assert.Equal(Accounts, users.Count);
        // Each host's poll of an account stores a backfill page (every inbox has a DM) with the lease held. There the hook counts who is inside the account's poll, and host A's first poll waits until B
        // has stored an account too: B must be able to claim and poll while A holds a lease.
        var inside = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var stored = new ConcurrentQueue<(string Host, string AccountId)>();
        var overlapped = new ConcurrentQueue<string>();
        var bStored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aWaitedInVain = false;
        async Task Checkpoint(string host, string accountId, PollingCheckpoint checkpoint)
        {
            if (checkpoint != PollingCheckpoint.BackfillPageStored)
            {
                return;
            }

            if (inside.AddOrUpdate(accountId, 1, (_, n) => n + 1) > 1)
            {
                overlapped.Enqueue(accountId);
            }

            stored.Enqueue((host, accountId));
            if (host == "B")
            {
                bStored.TrySetResult();
            }
            else if (await Task.WhenAny(bStored.Task, Task.Delay(TimeSpan.FromSeconds(30))) != bStored.Task)
            {
                aWaitedInVain = true;
            }

            // Keeps the lease held a little longer, so the other host's claims run while this poll is in progress.
            await Task.Delay(20);
            inside.AddOrUpdate(accountId, 0, (_, n) => n - 1);
        }

        a.Hooks.OnCheckpoint = (id, checkpoint, _) => Checkpoint("A", id, checkpoint);
        HooksOf(b).OnCheckpoint = (id, checkpoint, _) => Checkpoint("B", id, checkpoint);

        var passes = await Task.WhenAll(RunPassAsync(a), RunPassAsync(b));

        var polled = passes
            .SelectMany((pass, i) => pass.Accounts.Where(o => o.Status == AccountPollStatus.Polled).Select(o => (Host: i == 0 ? "A" : "B", o.AccountId)))
            .ToList();
        // Each account polled once, by one instance: none left out, none polled again by the other after its release.
        Assert.Equal(users.Select(u => u.AccountId).Order(StringComparer.Ordinal), polled.Select(p => p.AccountId).Order(StringComparer.Ordinal));
        Assert.False(aWaitedInVain, "Instance B polled nothing while instance A held a lease.");
        Assert.Contains(polled, p => p.Host == "A");
        Assert.Contains(polled, p => p.Host == "B");
        Assert.Empty(overlapped);
        Assert.Equal(polled.Order(), stored.Distinct().Order());
        // Nothing else was looked at, bar an account the other instance was polling when this pass ended.
        foreach (var (pass, host) in passes.Zip(new[] { "A", "B" }))
        {
            Assert.All(pass.Accounts.Where(o => o.Status != AccountPollStatus.Polled), o =>
            {
                Assert.Equal(AccountPollStatus.LeaseHeldElsewhere, o.Status);
                Assert.Contains((host == "A" ? "B" : "A", o.AccountId), polled);
            });
        }

        // One friend DM each, billed once: no account's inbox was read twice.
        var billing = (await a.SandboxAdmin.BillingAsync()).GetProperty("users");
        Assert.All(users, u => Assert.Equal(1, billing.GetProperty(u.AccountId).GetInt64()));
        foreach (var user in users)
        {
            user.Dispose();
        }
    }

    private static PollingHooks HooksOf(WebApplicationFactory<AppDbContext> host) => host.Services.GetRequiredService<PollingHooks>();

    private static async Task<PollingPassResult> RunPassAsync(WebApplicationFactory<AppDbContext> host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PollingPass>().RunOnceAsync(CancellationToken.None);
    }
}
