using AutoDmGuard.Web.Polling;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Polling;

public sealed class BackfillTests
{
    [Fact]
    public async Task First_pass_stores_every_event_of_the_seeded_inbox_exactly_once_and_scores_received_ones()
    {
        await using var app = await PollingAppFactory.StartAsync(f => f.RateLimitsEnabled = false);
        using var user = await app.SignInAsync();

        var result = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.Polled, result.For(user.AccountId)?.Status);
        var expected = await app.SandboxEventIdsAsync(user.AccountId);
        var stored = await app.StoredEventsAsync(user.AccountId);
        Assert.True(expected.Count > 100, $"The demo inbox should span several pages, has {expected.Count} events.");
        Assert.Equal(expected.Order(StringComparer.Ordinal), stored.Select(e => e.EventId).Order(StringComparer.Ordinal));

        var state = await app.StateAsync(user.AccountId);
        Assert.True(state.BackfillCompleted);
        Assert.Null(state.BackfillPaginationToken);
        Assert.Equal(expected.Count, state.BackfillEventsStored);
        Assert.Equal(stored.Min(e => e.CreatedAt), state.BackfillOldestAt);
        Assert.Equal(stored.MaxBy(e => e.Sequence)!.EventId, state.NewestDmEventId);
        Assert.Null(state.LastError);
        Assert.Equal(app.Now, state.LastSuccessAt);

        // The account's own replies are marked, senders are known, every received message is scored by the classifier.
        Assert.Contains(stored, e => e.FromMe);
        Assert.All(stored.Where(e => e.FromMe), e => Assert.Equal(user.AccountId, e.SenderId));
        var received = stored.Where(e => e.EventType == "MessageCreate" && !e.FromMe).ToList();
        var (scores, verdicts, known) = await app.WithDbAsync(async db => (
            await db.DmScores.Where(s => s.AccountId == user.AccountId).ToListAsync(),
            await db.SenderVerdicts.Where(v => v.AccountId == user.AccountId).ToListAsync(),
            await db.KnownUsers.Where(k => k.AccountId == user.AccountId).Select(k => k.UserId).ToListAsync()));
        Assert.Equal(received.Select(e => e.EventId).Order(StringComparer.Ordinal), scores.Select(s => s.EventId).Order(StringComparer.Ordinal));
        Assert.Subset(known.ToHashSet(), received.Select(e => e.SenderId!).ToHashSet());
        Assert.Equal(received.Select(e => e.SenderId).Distinct().Count(), verdicts.Count);
        Assert.All(verdicts, v => Assert.Equal(received.Count(e => e.SenderId == v.SenderId), v.DmCount));
        // The demo inbox is ~40 % template auto-DMs: the real classifier flags some senders and not all.
        Assert.Contains(verdicts, v => v.Flagged);
        Assert.Contains(verdicts, v => !v.Flagged);
        Assert.All(verdicts.Where(v => v.Flagged), v => Assert.NotEqual("[]", v.TopReasonsJson));
    }

    [Fact]
    public async Task A_second_pass_stores_nothing_twice()
    {
        await using var app = await PollingAppFactory.StartAsync(f => f.RateLimitsEnabled = false);
        using var user = await app.SignInAsync();
        await app.RunPassAsync();
        var first = await app.StoredEventsAsync(user.AccountId);

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.Polled, second.For(user.AccountId)?.Status);
        Assert.Equal(0, second.For(user.AccountId)!.NewEvents);
        Assert.Equal(first.Count, (await app.StoredEventsAsync(user.AccountId)).Count);
    }

    [Fact]
    public async Task Backfill_stops_at_the_rate_limit_and_resumes_after_the_reset()
    {
        // 15 DM reads per 15 minutes (pay-per-use profile): 1,800 received DMs need about 25 pages.
        await using var app = await PollingAppFactory.StartAsync(f => f.DemoDmCount = 1800);
        using var user = await app.SignInAsync();

        await app.RunPassAsync();

        var state = await app.StateAsync(user.AccountId);
        Assert.False(state.BackfillCompleted);
        Assert.NotNull(state.BackfillPaginationToken);
        Assert.Equal(0, state.RateLimitRemaining);
        Assert.NotNull(state.RateLimitResetAt);
        Assert.True(state.NextDmPollAt >= state.RateLimitResetAt, "The next DM poll must wait for X's reset.");
        Assert.Null(state.LastError);

        // Before the reset the account is not due; after it, the backfill goes on from its cursor.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null((await app.RunPassAsync()).For(user.AccountId));
        while (!(await app.StateAsync(user.AccountId)).BackfillCompleted)
        {
            app.Clock.SetUtcNow((await app.StateAsync(user.AccountId)).NextDmPollAt!.Value);
            await app.RunPassAsync();
        }

        Assert.True(await app.AssertStoredExactlyTheSandboxInboxAsync(user.AccountId) > 1800);
    }
}
