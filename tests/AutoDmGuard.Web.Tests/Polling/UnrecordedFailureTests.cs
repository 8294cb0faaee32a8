using System.Net.Http.Json;
using System.Text.Json;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Polling;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDmGuard.Web.Tests.Polling;

public sealed class UnrecordedFailureTests
{
    [Fact]
    public async Task Disk_full_failure_reaches_health_and_status_bar_and_the_next_pass_recovers()
    {
        var faults = new SqliteFaults();
        await using var app = await PollingAppFactory.StartAsync(f =>
            f.TestServices = s => s.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(faults)));
        using var user = await app.SignInAsync();
        await app.RunPassAsync();
        var friend = await app.SandboxAdmin.SimulateAsync("friend-dm", user.AccountId);
        var eventId = friend.GetProperty("dm_event").GetProperty("id").GetString();
        app.Clock.SetUtcNow((await app.StateAsync(user.AccountId)).NextDmPollAt!.Value);

        faults.DiskFull = true;
        var failed = await app.RunPassAsync();
        faults.DiskFull = false;

        Assert.Equal(AccountPollStatus.Failed, failed.For(user.AccountId)?.Status);
        Assert.True(faults.Refused > 0);
        var health = await user.Client.GetFromJsonAsync<JsonElement>(new Uri(WorkerHealthEndpoint.Route, UriKind.Relative));
        Assert.Contains("disk is full", health.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        using var anonymous = app.CreateAppClient();
        var counts = await anonymous.GetFromJsonAsync<JsonElement>(new Uri(WorkerHealthEndpoint.Route, UriKind.Relative));
        Assert.Equal(1, counts.GetProperty("failing").GetInt32());
        var page = await user.Client.GetStringAsync(new Uri("/senders", UriKind.Relative));
        Assert.Contains("id=\"status-unrecorded-error\"", page, StringComparison.Ordinal);
        Assert.Contains("disk is full", page, StringComparison.Ordinal);

        var recovered = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.Polled, recovered.For(user.AccountId)?.Status);
        Assert.Single(await app.StoredEventsAsync(user.AccountId), e => e.EventId == eventId);
        Assert.True(await app.WithDbAsync(db => db.DmScores.AnyAsync(s => s.AccountId == user.AccountId && s.EventId == eventId)));
        health = await user.Client.GetFromJsonAsync<JsonElement>(new Uri(WorkerHealthEndpoint.Route, UriKind.Relative));
        Assert.Equal(JsonValueKind.Null, health.GetProperty("lastError").ValueKind);
        page = await user.Client.GetStringAsync(new Uri("/senders", UriKind.Relative));
        Assert.DoesNotContain("status-unrecorded-error", page, StringComparison.Ordinal);
    }
}
