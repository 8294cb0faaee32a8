using System.Net.Http.Json;
using System.Text.Json;
using AutoDmGuard.Web.Polling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDmGuard.Web.Tests.Polling;

public sealed class LeaseTests
{
    [Fact]
    public void Instance_id_is_kept_in_the_data_folder_across_restarts_and_differs_for_a_second_live_process()
    {
        var folder = Path.Combine(Path.GetTempPath(), "autodmguard-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string first;
            using (var before = PollingInstance.FromDataFolder(folder))
            {
                first = before.Id;
                // A second process on the same data folder while the first lives: its own id, or both would poll one account.
                using var concurrent = PollingInstance.FromDataFolder(folder);
                Assert.NotEqual(first, concurrent.Id);
            }

            using var restarted = PollingInstance.FromDataFolder(folder);
            Assert.Equal(first, restarted.Id);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Restarted_instance_takes_its_own_lease_back_at_once()
    {
        string? previousId = null;
        await using var app = await PollingAppFactory.StartAsync(f =>
        {
            // What the instance that crashed on this data folder left behind.
            using var crashed = PollingInstance.FromDataFolder(Directory.CreateDirectory(f.DataDirectory).FullName);
            previousId = crashed.Id;
        });
        using var user = await app.SignInAsync();
        await app.HoldLeaseAsync(user.AccountId, previousId);

        var result = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.Polled, result.For(user.AccountId)?.Status);
        Assert.NotEmpty(await app.StoredEventsAsync(user.AccountId));
    }

    [Fact]
    public async Task Lease_held_elsewhere_shows_in_health_status_bar_and_log()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        var until = await app.HoldLeaseAsync(user.AccountId);

        var blocked = await app.RunPassAsync();
        Assert.Equal(AccountPollStatus.LeaseHeldElsewhere, blocked.For(user.AccountId)?.Status);

        var health = await user.Client.GetFromJsonAsync<JsonElement>(new Uri(WorkerHealthEndpoint.Route, UriKind.Relative));
        Assert.Equal(until, health.GetProperty("leaseHeldElsewhereUntil").GetDateTime());
        using var anonymous = app.CreateAppClient();
        var counts = await anonymous.GetFromJsonAsync<JsonElement>(new Uri(WorkerHealthEndpoint.Route, UriKind.Relative));
        Assert.Equal(1, counts.GetProperty("leaseHeldElsewhere").GetInt32());
        var page = await user.Client.GetStringAsync(new Uri("/senders", UriKind.Relative));
        Assert.Contains("id=\"status-lease\"", page, StringComparison.Ordinal);
        // Debug is below the app's minimum level: a line captured here was written at Information or above.
        Assert.True(app.Logs.Contains("is leased by another instance"), "The skip was not logged above Debug.");

        app.Clock.SetUtcNow(until.AddSeconds(1));
        Assert.Equal(AccountPollStatus.Polled, (await app.RunPassAsync()).For(user.AccountId)?.Status);
        health = await user.Client.GetFromJsonAsync<JsonElement>(new Uri(WorkerHealthEndpoint.Route, UriKind.Relative));
        Assert.Equal(JsonValueKind.Null, health.GetProperty("leaseHeldElsewhereUntil").ValueKind);
    }

    // The claim and NextDueAtAsync, which decides when the worker wakes, must agree on "the lease is free" (both use
    // AccountLease's one SQL definition of it). If they disagree, the worker either wakes for an account it cannot
    // claim or sleeps through one it could. Each row: owner, expiry relative to now, free.
    [Theory]
    [InlineData(null, null, true)]
    [InlineData(null, 60, true)]
    [InlineData(PollingAppFactory.OtherInstance, null, true)]
    [InlineData(PollingAppFactory.OtherInstance, -60, true)]
    [InlineData(PollingAppFactory.OtherInstance, 0, false)]
    [InlineData(PollingAppFactory.OtherInstance, 60, false)]
    public async Task The_claim_and_the_wake_up_time_agree_on_whether_a_due_account_is_free(string? owner, int? expiresInSeconds, bool free)
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.RunPassAsync();
        // A whole minute, so the expiry compares equal on every engine (PostgreSQL keeps microseconds, .NET ticks).
        var now = new DateTime(app.Now.Ticks - (app.Now.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc).AddMinutes(1);
        app.Clock.SetUtcNow(now);
        DateTime? expires = expiresInSeconds is { } seconds ? now.AddSeconds(seconds) : null;
        await app.WithDbAsync(db => db.PollStates.Where(p => p.AccountId == user.AccountId).ExecuteUpdateAsync(
            s => s.SetProperty(p => p.NextDmPollAt, now.AddSeconds(-30)).SetProperty(p => p.LeaseOwner, owner).SetProperty(p => p.LeaseExpiresAt, expires)));

        await using var scope = app.Services.CreateAsyncScope();
        var lease = scope.ServiceProvider.GetRequiredService<AccountLease>();
        var nextDue = await lease.NextDueAtAsync(CancellationToken.None);
        var claimed = await lease.ClaimNextDueAsync([], CancellationToken.None);

        Assert.Equal(free, nextDue is not null);
        Assert.Equal(free ? user.AccountId : null, claimed);
        if (free)
        {
            Assert.True(nextDue <= now, $"due at {nextDue:o}, now {now:o}");
        }
    }
}
