using System.Net.Http.Json;
using System.Text.Json;
using AutoDmGuard.Web.Polling;

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
}
