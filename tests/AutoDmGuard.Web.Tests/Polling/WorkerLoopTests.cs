using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Polling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDmGuard.Web.Tests.Polling;

public sealed class WorkerLoopTests
{
    [Fact]
    public async Task Enabled_worker_runs_a_pass_on_each_tick_of_the_app_clock()
    {
        await using var app = await PollingAppFactory.StartAsync(f =>
        {
            f.Settings["Polling:Enabled"] = "true";
            f.Settings["Polling:TickInterval"] = "00:00:30";
        });
        using var user = await app.SignInAsync();

        // The worker's loop runs on its own thread (.NET 10 BackgroundService) and creates its PeriodicTimer on the
        // fake clock only when it starts: moving the clock before that would move it under nobody, the timer would
        // then wait for a tick the clock never reaches, and the test would fail on a loaded machine. Its first pass
        // being done proves the timer exists (it is created before that pass).
        await WaitForLogAsync(app, "Polling pass done");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var state = await WaitForStateAsync(app, user.AccountId, s => s.LastSuccessAt is not null);
        Assert.True(state.BackfillCompleted);

        // Nothing happens before the account is due again; at that time the next tick polls it.
        app.Clock.SetUtcNow(state.NextDmPollAt!.Value);
        var next = await WaitForStateAsync(app, user.AccountId, s => s.LastSuccessAt > state.LastSuccessAt);
        Assert.Equal(app.Now, next.LastSuccessAt);
    }

    [Fact]
    public async Task Worker_wakes_when_an_account_falls_due_instead_of_waiting_for_the_next_tick()
    {
        await using var app = await PollingAppFactory.StartAsync(f =>
        {
            f.Settings["Polling:Enabled"] = "true";
            f.Settings["Polling:TickInterval"] = "00:05:00";
        });
        using var user = await app.SignInAsync();
        await WaitForLogAsync(app, "Polling pass done");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        // The poll of the pass this tick runs: the worker's first pass may have polled the account already (when the
        // sign-in finished before it), and that older poll would put the next tick at the clock's current time.
        var tickAt = app.Now;
        var first = await WaitForStateAsync(app, user.AccountId, s => s.LastSuccessAt >= tickAt);
        var due = first.NextDmPollAt!.Value;
        var nextTick = first.LastSuccessAt!.Value.AddMinutes(5);
        Assert.True(due < nextTick.AddMinutes(-1), $"due {due:o}, next tick {nextTick:o}");

        // The clock moves in 1 s steps (the worker's wait may be set up after any of them) up to a minute short of the
        // next tick: only a pass woken by the due time itself polls the account in that span.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        PollState? state = first;
        while (state.LastSuccessAt == first.LastSuccessAt && app.Now < nextTick.AddMinutes(-1))
        {
            Assert.True(DateTime.UtcNow < deadline, "The clock did not reach the span's end within 60 s of real time.");
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
            state = await app.WithDbAsync(db => db.PollStates.AsNoTracking().FirstAsync(p => p.AccountId == user.AccountId));
        }

        Assert.True(state.LastSuccessAt > first.LastSuccessAt, $"Not polled again by {app.Now:o}; due {due:o}, next tick {nextTick:o}.");
        // Claimed when due, give or take the steps and the pass's own wake-up floor. The claim's time (LastPollAt), not
        // the poll's end (LastSuccessAt): the clock keeps stepping (~15 s of it per real second) while the poll reads X,
        // stores and scores, so the end also counts the poll's own length, which a loaded machine stretches.
        Assert.InRange(state.LastPollAt!.Value, due, due + DmPollingWorker.MinimumWake + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task An_account_that_falls_due_again_during_the_pass_that_polled_it_wakes_the_worker_at_once()
    {
        // What a slow pass (or a loaded machine under the test above) meets: the account's next poll time passes before
        // the pass asks when to wake. The pass claims each account once, so only an early wake polls it before the tick.
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.RunPassAsync();
        var state = await app.WithDbAsync(db => db.PollStates.AsNoTracking().FirstAsync(p => p.AccountId == user.AccountId));
        app.Clock.SetUtcNow(state.NextDmPollAt!.Value.AddSeconds(5));

        await using var scope = app.Services.CreateAsyncScope();
        var nextDue = await scope.ServiceProvider.GetRequiredService<AccountLease>().NextDueAtAsync(CancellationToken.None);

        Assert.Equal(state.NextDmPollAt, nextDue);
        Assert.True(nextDue < app.Now);
    }

    [Fact]
    public async Task An_account_signed_in_again_after_it_needed_reauthorization_is_due_at_once()
    {
        // Re-authorization clears the account's next poll times; the claim takes such an account first, so the worker
        // must wake for it too rather than leave the returning user waiting for the next tick.
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.SandboxAdmin.RevokeTokensAsync(user.AccountId);
        Assert.Equal(AccountPollStatus.NeedsReauthorization, (await app.RunPassAsync()).For(user.AccountId)?.Status);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        using var again = await app.SignInAsync(user.Username);

        await using var scope = app.Services.CreateAsyncScope();
        var nextDue = await scope.ServiceProvider.GetRequiredService<AccountLease>().NextDueAtAsync(CancellationToken.None);

        Assert.Equal(app.Now, nextDue);
        Assert.Equal(AccountPollStatus.Polled, (await app.RunPassAsync()).For(user.AccountId)?.Status);
    }

    /// <summary>Waits (real time, bounded) for a log line of the app; the clock never moves here.</summary>
    private static async Task WaitForLogAsync(PollingAppFactory app, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!app.Logs.Contains(text))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No \"{text}\" in the log within 30 s:\n" + string.Join("\n", app.Logs.Lines));
            await Task.Delay(50);
        }
    }

    /// <summary>Waits (real time, bounded) for the background loop to reach a state; the clock itself never moves here.</summary>
    private static async Task<PollState> WaitForStateAsync(PollingAppFactory app, string accountId, Func<PollState, bool> reached)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var state = await app.WithDbAsync(db => db.PollStates.AsNoTracking().FirstOrDefaultAsync(p => p.AccountId == accountId));
            if (state is not null && reached(state))
            {
                return state;
            }

            Assert.True(DateTime.UtcNow < deadline, "The worker did not run a pass within 30 s: " + string.Join("\n", app.Logs.Lines.Where(l => l.Contains("olling", StringComparison.Ordinal))));
            await Task.Delay(50);
        }
    }
}
