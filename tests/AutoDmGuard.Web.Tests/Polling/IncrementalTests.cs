using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Polling;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Polling;

public sealed class IncrementalTests
{
    [Fact]
    public async Task New_friend_dm_and_burst_are_stored_once_and_scored()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.RunPassAsync();
        var before = (await app.StoredEventsAsync(user.AccountId)).Count;

        // Burst DMs are back-dated by up to `count` seconds: move past the backfilled events first.
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var burst = await app.SandboxAdmin.SimulateAsync("burst", user.AccountId, 230);
        var friend = await app.SandboxAdmin.SimulateAsync("friend-dm", user.AccountId);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var result = await app.RunPassAsync();

        var outcome = result.For(user.AccountId)!;
        Assert.Equal(AccountPollStatus.Polled, outcome.Status);
        Assert.Equal(231, outcome.NewEvents);
        var stored = await app.StoredEventsAsync(user.AccountId);
        Assert.Equal(before + 231, stored.Count);
        var friendEventId = friend.GetProperty("dm_event").GetProperty("id").GetString();
        Assert.Contains(stored, e => e.EventId == friendEventId && !e.FromMe);
        Assert.Contains(stored, e => e.EventId == burst.GetProperty("oldest_event_id").GetString());
        Assert.Equal(friendEventId, (await app.StateAsync(user.AccountId)).NewestDmEventId);

        var unscored = await app.WithDbAsync(db => db.DmEvents.CountAsync(
            e => e.AccountId == user.AccountId && e.EventType == "MessageCreate" && !e.FromMe && e.Score == null));
        Assert.Equal(0, unscored);
        var burstSenders = burst.GetProperty("sender_ids").EnumerateArray().Select(s => s.GetString()!).ToList();
        var verdicts = await app.WithDbAsync(db => db.SenderVerdicts.Where(v => v.AccountId == user.AccountId && burstSenders.Contains(v.SenderId)).ToListAsync());
        Assert.Equal(burstSenders.Count, verdicts.Count);
        Assert.Equal(230, verdicts.Sum(v => v.DmCount));
    }

    [Fact]
    public async Task Follow_seen_after_the_first_sync_gets_followed_at_and_its_auto_dm_is_flagged()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        var firstSyncAt = app.Now;
        await app.RunPassAsync();
        var firstFollows = await app.WithDbAsync(db => db.Follows.Where(f => f.AccountId == user.AccountId).ToListAsync());
        Assert.NotEmpty(firstFollows);
        Assert.All(firstFollows, f => Assert.Null(f.FollowedAt));

        var follow = await app.SandboxAdmin.SimulateAsync("follow-autodm", user.AccountId);
        var botId = follow.GetProperty("bot").GetProperty("id").GetString()!;
        var dmId = follow.GetProperty("dm_event").GetProperty("id").GetString()!;
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        var syncedAt = app.Now;
        await app.RunPassAsync();

        var row = await app.WithDbAsync(db => db.Follows.SingleAsync(f => f.AccountId == user.AccountId && f.UserId == botId));
        // Known only to lie between the two syncs: FollowedAt is the earliest moment, FirstSeenAt the latest.
        Assert.Equal(firstSyncAt, row.FollowedAt);
        Assert.Equal(syncedAt, row.FirstSeenAt);
        Assert.Null(row.UnfollowedAt);
        var (score, verdict, known) = await app.WithDbAsync(async db => (
            await db.DmScores.SingleOrDefaultAsync(s => s.AccountId == user.AccountId && s.EventId == dmId),
            await db.SenderVerdicts.SingleOrDefaultAsync(v => v.AccountId == user.AccountId && v.SenderId == botId),
            await db.KnownUsers.SingleOrDefaultAsync(k => k.AccountId == user.AccountId && k.UserId == botId)));
        Assert.NotNull(score);
        Assert.NotNull(known);
        Assert.NotNull(verdict);
        Assert.True(verdict.Flagged, $"The auto-DM of a just-followed bot scored {verdict.Score}: {verdict.TopReasonsJson}");
        Assert.Equal(1, verdict.DmCount);
        Assert.NotNull(verdict.LatestDmExcerpt);
    }

    [Fact]
    public async Task Unfollow_sets_unfollowed_at_and_a_refollow_clears_it()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.RunPassAsync();
        var target = (await app.WithDbAsync(db => db.Follows.Where(f => f.AccountId == user.AccountId).ToListAsync()))[0].UserId;

        await app.WithApiAsync(user.AccountId, (api, token) => api.UnfollowAsync(token, user.AccountId, target));
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        var unfollowSeenAt = app.Now;
        await app.RunPassAsync();
        var gone = await app.WithDbAsync(db => db.Follows.SingleAsync(f => f.AccountId == user.AccountId && f.UserId == target));
        Assert.Equal(unfollowSeenAt, gone.UnfollowedAt);

        await app.WithApiAsync(user.AccountId, (api, token) => api.FollowAsync(token, user.AccountId, target));
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        await app.RunPassAsync();
        var back = await app.WithDbAsync(db => db.Follows.SingleAsync(f => f.AccountId == user.AccountId && f.UserId == target));
        Assert.Null(back.UnfollowedAt);
        Assert.Equal(app.Now, back.LastSeenAt);
    }

    [Fact]
    public async Task An_idle_inbox_costs_at_most_one_billable_read_per_day()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.RunPassAsync();
        // Start the measured day at a UTC midnight so "per day" is one meter row.
        app.Clock.SetUtcNow(app.Clock.GetUtcNow().Date.AddDays(1));
        var before = await app.SandboxAdmin.BillableDmReadsAsync(user.AccountId);

        for (var minute = 0; minute < 120; minute++)
        {
            await app.RunPassAsync();
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var state = await app.StateAsync(user.AccountId);
        Assert.Null(state.LastError);
        Assert.InRange(await app.SandboxAdmin.BillableDmReadsAsync(user.AccountId) - before, 0, 1);
    }

    [Fact]
    public async Task User_status_and_not_automated_mark_survive_rescoring()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.RunPassAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var burst = await app.SandboxAdmin.SimulateAsync("burst", user.AccountId, 10);
        var senders = burst.GetProperty("sender_ids").EnumerateArray().Select(s => s.GetString()!).ToList();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.RunPassAsync();
        await app.WithDbAsync(async db =>
        {
            var rows = await db.SenderVerdicts.Where(v => v.AccountId == user.AccountId && senders.Contains(v.SenderId)).ToListAsync();
            rows.Single(v => v.SenderId == senders[0]).Status = SenderStatus.Kept;
            rows.Single(v => v.SenderId == senders[1]).Mark = SenderMark.NotAutomated;
            rows.Single(v => v.SenderId == senders[1]).Flagged = false;
            return await db.SaveChangesAsync();
        });

        // Re-score everything (as after a classifier upgrade): the user's decisions stand.
        await app.WithDbAsync(db => db.DmScores.Where(s => s.AccountId == user.AccountId).ExecuteDeleteAsync());
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.RunPassAsync();

        var after = await app.WithDbAsync(db => db.SenderVerdicts.Where(v => v.AccountId == user.AccountId && senders.Contains(v.SenderId)).ToListAsync());
        Assert.Equal(SenderStatus.Kept, after.Single(v => v.SenderId == senders[0]).Status);
        var marked = after.Single(v => v.SenderId == senders[1]);
        Assert.Equal(SenderMark.NotAutomated, marked.Mark);
        Assert.False(marked.Flagged);
    }
}
