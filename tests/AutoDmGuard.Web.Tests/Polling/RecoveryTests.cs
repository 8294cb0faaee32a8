using AutoDmGuard.Web.Polling;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Polling;

/// <summary>A pass that dies half-way (crash, cancellation) followed by a new pass loses nothing and stores nothing twice.</summary>
public sealed class RecoveryTests
{
    [Fact]
    public async Task Crash_between_backfill_pages_resumes_from_the_stored_cursor()
    {
        await using var app = await PollingAppFactory.StartAsync(f => f.RateLimitsEnabled = false);
        using var user = await app.SignInAsync();
        var pages = 0;
        app.Hooks.OnCheckpoint = (_, checkpoint, _) =>
            checkpoint == PollingCheckpoint.BackfillPageStored && ++pages == 2
                ? throw new InvalidOperationException("simulated crash after the second page")
                : Task.CompletedTask;

        var crashed = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.Failed, crashed.For(user.AccountId)?.Status);
        var state = await app.StateAsync(user.AccountId);
        Assert.Equal(200, (await app.StoredEventsAsync(user.AccountId)).Count);
        Assert.Equal(200, state.BackfillEventsStored);
        Assert.NotNull(state.BackfillPaginationToken);
        Assert.Null(state.LeaseOwner);
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.StartsWith("unexpected", state.LastError, StringComparison.Ordinal);

        app.Hooks.OnCheckpoint = null;
        app.Clock.SetUtcNow(state.NextDmPollAt!.Value);
        var resumed = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.Polled, resumed.For(user.AccountId)?.Status);
        var total = await app.AssertStoredExactlyTheSandboxInboxAsync(user.AccountId);
        // Only what came after the cursor was stored by the second pass.
        Assert.Equal(total - 200, resumed.For(user.AccountId)!.NewEvents);
        Assert.Equal(total, (await app.StateAsync(user.AccountId)).BackfillEventsStored);
    }

    [Fact]
    public async Task Cancelled_pass_between_pages_loses_nothing()
    {
        await using var app = await PollingAppFactory.StartAsync(f => f.RateLimitsEnabled = false);
        using var user = await app.SignInAsync();
        using var stop = new CancellationTokenSource();
        app.Hooks.OnCheckpoint = async (_, checkpoint, _) =>
        {
            if (checkpoint == PollingCheckpoint.BackfillPageStored)
            {
                await stop.CancelAsync();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.RunPassAsync(stop.Token));

        Assert.Equal(100, (await app.StoredEventsAsync(user.AccountId)).Count);
        app.Hooks.OnCheckpoint = null;
        await app.RunPassAsync();
        await app.AssertStoredExactlyTheSandboxInboxAsync(user.AccountId);
    }

    [Fact]
    public async Task Crash_between_event_write_and_score_write_is_scored_by_the_next_pass()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.RunPassAsync();
        var scoresBefore = await app.WithDbAsync(db => db.DmScores.CountAsync(s => s.AccountId == user.AccountId));

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var burst = await app.SandboxAdmin.SimulateAsync("burst", user.AccountId, 40);
        app.Hooks.OnCheckpoint = (_, checkpoint, _) =>
            checkpoint == PollingCheckpoint.EventsStored ? throw new InvalidOperationException("simulated crash before scoring") : Task.CompletedTask;
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.RunPassAsync();

        // The events are stored, their scores are not: they are the recovery queue.
        var unscored = await app.WithDbAsync(db => db.DmEvents.CountAsync(
            e => e.AccountId == user.AccountId && e.EventType == "MessageCreate" && !e.FromMe && e.Score == null));
        Assert.Equal(40, unscored);

        app.Hooks.OnCheckpoint = null;
        var state = await app.StateAsync(user.AccountId);
        app.Clock.SetUtcNow(new[] { state.NextDmPollAt!.Value, app.Clock.GetUtcNow().UtcDateTime }.Max());
        var recovery = await app.RunPassAsync();

        Assert.Equal(0, recovery.For(user.AccountId)!.NewEvents);
        Assert.Equal(40, recovery.For(user.AccountId)!.Scored);
        Assert.Equal(scoresBefore + 40, await app.WithDbAsync(db => db.DmScores.CountAsync(s => s.AccountId == user.AccountId)));
        var senders = burst.GetProperty("sender_ids").EnumerateArray().Select(s => s.GetString()!).ToList();
        var verdicts = await app.WithDbAsync(db => db.SenderVerdicts.Where(v => v.AccountId == user.AccountId && senders.Contains(v.SenderId)).ToListAsync());
        Assert.Equal(40, verdicts.Sum(v => v.DmCount));
    }
}
