using AutoDmGuard.Web.Polling;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Polling;

public sealed class EmptyInboxTests
{
    [Fact]
    public async Task Dm_arriving_after_an_empty_first_sync_is_stored_and_scored_within_one_interval()
    {
        await using var app = await PollingAppFactory.StartAsync();
        // Quinn, the demo world's quiet account, has no DM at all: a new user whose inbox is empty at sign-in.
        using var user = await app.SignInAsync(app.Sandbox.SignableAccounts[2].Username);
        var first = await app.RunPassAsync();
        Assert.Equal(AccountPollStatus.Polled, first.For(user.AccountId)?.Status);
        var empty = await app.StateAsync(user.AccountId);
        Assert.True(empty.BackfillCompleted);
        Assert.Empty(await app.StoredEventsAsync(user.AccountId));

        var friend = await app.SandboxAdmin.SimulateAsync("friend-dm", user.AccountId);
        var eventId = friend.GetProperty("dm_event").GetProperty("id").GetString();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.Polled, second.For(user.AccountId)?.Status);
        var stored = await app.StoredEventsAsync(user.AccountId);
        Assert.Contains(stored, e => e.EventId == eventId);
        Assert.Equal(eventId, (await app.StateAsync(user.AccountId)).NewestDmEventId);
        Assert.True(await app.WithDbAsync(db => db.DmScores.AnyAsync(s => s.AccountId == user.AccountId && s.EventId == eventId)));
    }
}
