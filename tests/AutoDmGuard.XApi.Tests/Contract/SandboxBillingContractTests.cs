using AutoDmGuard.XApi.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace AutoDmGuard.XApi.Tests.Contract;

/// <summary>
/// The cost-aware reader against the sandbox's billing meter (DM events billed once per event per UTC day). The sandbox
/// runs on a fake clock; the client keeps the real one (its timeouts are real).
/// </summary>
public sealed class SandboxBillingContractTests(ITestOutputHelper output)
{
    // 01:00 UTC today: the sandbox clock stays within the reader's (real) 30-day window, and 90 minutes of polls stay
    // inside one UTC day.
    private static readonly DateTimeOffset DayOne = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddHours(1);

    private static Task<SandboxSession> StartAsync(FakeTimeProvider clock) =>
        SandboxSession.StartAsync(sandbox: o =>
        {
            o.TimeProvider = clock;
            o.AccessTokenLifetime = TimeSpan.FromDays(10);
        });

    /// <summary>Signs in and stores the whole inbox on day one, then moves the clock to the next UTC day.</summary>
    private static async Task<(SignedIn Me, string NewestStored)> BackfilledYesterdayAsync(SandboxSession s, FakeTimeProvider clock)
    {
        var me = await s.SignInAsync();
        var backfill = await s.Reader.ReadNewAsync(me.AccessToken, null);
        Assert.True(backfill.IsComplete);
        Assert.True(backfill.Events.Count >= 150);
        clock.Advance(TimeSpan.FromDays(1));
        return (me, backfill.Events[0].Id);
    }

    [Fact]
    public async Task Idle_inbox_polled_60_times_in_a_day_bills_at_most_one_read()
    {
        var clock = new FakeTimeProvider(DayOne);
        await using var s = await StartAsync(clock);
        var (me, newest) = await BackfilledYesterdayAsync(s, clock);
        var before = await s.Admin.BillableDmReadsAsync();

        for (var poll = 0; poll < 60; poll++)
        {
            clock.Advance(TimeSpan.FromSeconds(90));
            var result = await s.Reader.ReadNewAsync(me.AccessToken, newest);
            Assert.Empty(result.Events);
            Assert.Equal(1, result.PagesRead);
        }

        var billed = await s.Admin.BillableDmReadsAsync() - before;
        output.WriteLine($"idle: 60 polls billed {billed} DM event reads");
        Assert.InRange(billed, 0, 1);
    }

    [Fact]
    public async Task Burst_of_200_new_dms_bills_at_most_220_reads()
    {
        var clock = new FakeTimeProvider(DayOne);
        await using var s = await StartAsync(clock);
        var (me, newest) = await BackfilledYesterdayAsync(s, clock);
        var burst = await s.Admin.SimulateAsync("burst", me.UserId, 200);
        clock.Advance(TimeSpan.FromMinutes(1));
        var before = await s.Admin.BillableDmReadsAsync();

        var result = await s.Reader.ReadNewAsync(me.AccessToken, newest);

        var billed = await s.Admin.BillableDmReadsAsync() - before;
        output.WriteLine($"burst: 200 new DMs billed {billed} DM event reads in {result.PagesRead} requests");
        Assert.True(result.IsComplete);
        Assert.Equal(200, result.Events.Count);
        Assert.Equal(burst.GetProperty("newest_event_id").GetString(), result.Events[0].Id);
        Assert.Equal(burst.GetProperty("oldest_event_id").GetString(), result.Events[^1].Id);
        Assert.InRange(billed, 200, 220);
        Assert.InRange(result.PagesRead, 2, 15);
    }

    [Fact]
    public async Task Auto_dm_after_a_follow_is_read_once_it_is_visible()
    {
        var clock = new FakeTimeProvider(DayOne);
        await using var s = await StartAsync(clock);
        var (me, newest) = await BackfilledYesterdayAsync(s, clock);
        var follow = await s.Admin.SimulateAsync("follow-autodm", me.UserId);
        var botId = follow.GetProperty("bot").GetProperty("id").GetString();

        var early = await s.Reader.ReadNewAsync(me.AccessToken, newest);
        clock.Advance(TimeSpan.FromSeconds(61));
        var later = await s.Reader.ReadNewAsync(me.AccessToken, newest);

        Assert.Empty(early.Events);
        var dm = Assert.Single(later.Events);
        Assert.Equal(botId, dm.SenderId);
        Assert.Equal(follow.GetProperty("dm_event").GetProperty("id").GetString(), dm.Id);
        Assert.Contains(later.Users, u => u.Id == botId);
        Assert.Equal(2, later.PagesRead);
    }

    [Fact]
    public async Task Backfill_resumed_from_a_stored_token_covers_the_inbox_once()
    {
        var clock = new FakeTimeProvider(DayOne);
        await using var s = await StartAsync(clock);
        var me = await s.SignInAsync();

        var first = await s.Reader.ReadBackfillPageAsync(me.AccessToken, null);
        var rest = new List<XDmEvent>();
        await foreach (var page in s.Reader.BackfillAsync(me.AccessToken, first.NextPaginationToken))
        {
            rest.AddRange(page.Events);
        }

        var all = new List<XDmEvent>();
        await foreach (var page in s.Client.GetDmEventPagesAsync(me.AccessToken, new XDmEventsQuery()))
        {
            all.AddRange(page.Data);
        }

        Assert.Equal(100, first.Events.Count);
        Assert.Equal(all.Select(e => e.Id), first.Events.Concat(rest).Select(e => e.Id));
    }
}
