using AutoDmGuard.Web.Scoring;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Polling;

/// <summary>
/// Follow times as the worker can know them (X gives none): a follow first listed at a sync lies between the previous
/// sync and that one, and the timing evidence (a first DM within a minute / minutes / a day of the follow) is measured
/// from the earliest possible moment, so it never claims a faster DM than there was.
/// </summary>
public sealed class FollowTimingTests
{
    private static readonly string[] TimingSignals = ["dm-within-a-minute-of-follow", "dm-within-minutes-of-follow", "dm-within-an-hour-of-follow", "dm-within-a-day-of-follow"];

    [Fact]
    public async Task A_dm_from_a_sender_not_known_as_followed_reads_the_newest_follows_before_it_is_scored()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        var firstSyncAt = app.Now;
        await app.RunPassAsync();
        var quiet = (await app.WithDbAsync(db => db.Follows.Where(f => f.AccountId == user.AccountId).ToListAsync()))[0].UserId;
        Assert.True(await app.WithDbAsync(db => db.Follows.CountAsync(f => f.AccountId == user.AccountId)) > 20, "the newest page must not hold the whole list");

        // An unfollow (only a full sync can see it), then a new follow whose bot DMs 60 s later.
        await app.WithApiAsync(user.AccountId, (api, token) => api.UnfollowAsync(token, user.AccountId, quiet));
        var follow = await app.SandboxAdmin.SimulateAsync("follow-autodm", user.AccountId);
        var botId = follow.GetProperty("bot").GetProperty("id").GetString()!;
        var dmId = follow.GetProperty("dm_event").GetProperty("id").GetString()!;
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var readAt = app.Now;
        await app.RunPassAsync();

        var row = await app.WithDbAsync(db => db.Follows.SingleAsync(f => f.AccountId == user.AccountId && f.UserId == botId));
        Assert.Equal(firstSyncAt, row.FollowedAt);
        Assert.Equal(readAt, row.FirstSeenAt);
        var score = await ScoreAsync(app, user.AccountId, dmId);
        Assert.Equal(readAt, score.ScoredAt);
        Assert.Contains("dm-within-a-minute-of-follow", Signals(score.ReasonsJson));
        var state = await app.StateAsync(user.AccountId);
        Assert.Equal(readAt, state.LastFollowingSyncAt);
        Assert.Equal(firstSyncAt.AddMinutes(15), state.NextFollowingSyncAt);
        // Only the newest page was read: the unfollow is not applied until the full sync.
        Assert.Null((await app.WithDbAsync(db => db.Follows.SingleAsync(f => f.AccountId == user.AccountId && f.UserId == quiet))).UnfollowedAt);

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        await app.RunPassAsync();
        Assert.Equal(app.Now, (await app.WithDbAsync(db => db.Follows.SingleAsync(f => f.AccountId == user.AccountId && f.UserId == quiet))).UnfollowedAt);
    }

    [Fact]
    public async Task A_follow_seen_at_a_sync_after_its_auto_dm_was_scored_gives_the_dm_its_timing_evidence()
    {
        // No early look at the following list: the DM is scored before its follow is seen, and re-scored when it is.
        await using var app = await PollingAppFactory.StartAsync(f => f.Settings["Polling:FollowingCatchUpMinGap"] = "1.00:00:00");
        using var user = await app.SignInAsync();
        var firstSyncAt = app.Now;
        await app.RunPassAsync();

        // The bot is followed now (just after the first sync) and DMs 60 s later.
        var follow = await app.SandboxAdmin.SimulateAsync("follow-autodm", user.AccountId);
        var botId = follow.GetProperty("bot").GetProperty("id").GetString()!;
        var dmId = follow.GetProperty("dm_event").GetProperty("id").GetString()!;

        // Two minutes on, the DM is read and scored; the following list is not due again for 15 minutes.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await app.RunPassAsync();
        var early = await ScoreAsync(app, user.AccountId, dmId);
        Assert.DoesNotContain(Signals(early.ReasonsJson), TimingSignals.Contains);
        Assert.Null(await app.WithDbAsync(db => db.Follows.SingleOrDefaultAsync(f => f.AccountId == user.AccountId && f.UserId == botId)));

        app.Clock.Advance(TimeSpan.FromMinutes(15));
        var seenAt = app.Now;
        await app.RunPassAsync();

        var row = await app.WithDbAsync(db => db.Follows.SingleAsync(f => f.AccountId == user.AccountId && f.UserId == botId));
        Assert.Equal(firstSyncAt, row.FollowedAt);
        Assert.Equal(seenAt, row.FirstSeenAt);
        var rescored = await ScoreAsync(app, user.AccountId, dmId);
        Assert.Equal(seenAt, rescored.ScoredAt);
        Assert.Null(rescored.RescoreQueuedAt);
        Assert.Contains("dm-within-a-minute-of-follow", Signals(rescored.ReasonsJson));
        Assert.True(rescored.Score > early.Score, $"re-scored {rescored.Score}, first {early.Score}");
    }

    [Fact]
    public async Task A_follow_listed_an_hour_after_the_previous_sync_gives_its_bots_dm_the_hour_signal_only()
    {
        // Following read once an hour and no early look: the bot's DM (60 s after the follow, 20 min into the hour) is
        // known only to have come within an hour of the follow, which the classifier weighs as such, no faster.
        await using var app = await PollingAppFactory.StartAsync(f =>
        {
            f.Settings["Polling:FollowingInterval"] = "01:00:00";
            f.Settings["Polling:FollowingCatchUpMinGap"] = "1.00:00:00";
        });
        using var user = await app.SignInAsync();
        var firstSyncAt = app.Now;
        await app.RunPassAsync();

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        var follow = await app.SandboxAdmin.SimulateAsync("follow-autodm", user.AccountId);
        var botId = follow.GetProperty("bot").GetProperty("id").GetString()!;
        var dmId = follow.GetProperty("dm_event").GetProperty("id").GetString()!;
        app.Clock.Advance(TimeSpan.FromMinutes(40));
        await app.RunPassAsync();

        var row = await app.WithDbAsync(db => db.Follows.SingleAsync(f => f.AccountId == user.AccountId && f.UserId == botId));
        Assert.Equal(firstSyncAt, row.FollowedAt);
        var signals = Signals((await ScoreAsync(app, user.AccountId, dmId)).ReasonsJson);
        Assert.Equal(["dm-within-an-hour-of-follow"], signals.Where(TimingSignals.Contains));
    }

    [Fact]
    public async Task Follows_present_at_the_first_sync_predate_the_app_and_give_no_timing_evidence()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.RunPassAsync();

        var follows = await app.WithDbAsync(db => db.Follows.Where(f => f.AccountId == user.AccountId).ToListAsync());
        Assert.NotEmpty(follows);
        Assert.All(follows, f => Assert.Null(f.FollowedAt));
        var followed = follows.Select(f => f.UserId).ToHashSet(StringComparer.Ordinal);
        var scores = await app.WithDbAsync(db => db.DmScores.Where(s => s.AccountId == user.AccountId)
            .Join(db.DmEvents.Where(e => e.AccountId == user.AccountId), s => s.EventId, e => e.EventId, (s, e) => new { e.SenderId, s.ReasonsJson })
            .ToListAsync());
        var fromFollowed = scores.Where(s => followed.Contains(s.SenderId!)).ToList();
        Assert.NotEmpty(fromFollowed);
        Assert.All(fromFollowed, s => Assert.DoesNotContain(Signals(s.ReasonsJson), TimingSignals.Contains));

        // A later sync that lists them again changes nothing.
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        await app.RunPassAsync();
        Assert.All(await app.WithDbAsync(db => db.Follows.Where(f => f.AccountId == user.AccountId).ToListAsync()), f => Assert.Null(f.FollowedAt));
    }

    [Fact]
    public async Task Following_someone_back_after_their_dm_gives_no_timing_evidence()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.RunPassAsync();

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var friend = await app.SandboxAdmin.SimulateAsync("friend-dm", user.AccountId);
        var friendId = friend.GetProperty("friend").GetProperty("id").GetString()!;
        var dmId = friend.GetProperty("dm_event").GetProperty("id").GetString()!;
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var syncBeforeFollowAt = app.Now;
        await app.RunPassAsync();
        Assert.NotNull((await app.StateAsync(user.AccountId)).LastFollowingSyncAt);

        // The user follows the friend back a minute after reading the DM; the next sync lists the follow.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.WithApiAsync(user.AccountId, (api, token) => api.FollowAsync(token, user.AccountId, friendId));
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        var seenAt = app.Now;
        await app.RunPassAsync();

        var row = await app.WithDbAsync(db => db.Follows.SingleAsync(f => f.AccountId == user.AccountId && f.UserId == friendId));
        Assert.Equal(syncBeforeFollowAt, row.FollowedAt);
        var score = await ScoreAsync(app, user.AccountId, dmId);
        Assert.Equal(seenAt, score.ScoredAt);
        Assert.DoesNotContain(Signals(score.ReasonsJson), TimingSignals.Contains);
    }

    private static Task<AutoDmGuard.Web.Data.DmScore> ScoreAsync(PollingAppFactory app, string accountId, string eventId) =>
        app.WithDbAsync(db => db.DmScores.AsNoTracking().SingleAsync(s => s.AccountId == accountId && s.EventId == eventId));

    private static List<string> Signals(string json) => [.. StoredReasons.Read(json).Select(r => r.Signal)];
}
