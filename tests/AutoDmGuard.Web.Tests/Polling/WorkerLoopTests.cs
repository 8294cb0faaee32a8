using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

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
