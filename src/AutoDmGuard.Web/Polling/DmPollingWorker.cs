using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// The hosted loop: a <see cref="PeriodicTimer"/> on the injected clock runs one <see cref="PollingPass"/> per tick in a
/// fresh scope, and a pass also runs when the next account falls due before the next tick (no sooner than
/// <see cref="MinimumWake"/> after the last pass). Accounts keep their own schedules in PollState, so a pass only polls
/// the ones that are due. Waking at the due time matters because a poll schedules the next one a whole DmInterval
/// later: with ticks alone, an account polled just after a tick falls due just after a later tick and waits almost a
/// whole tick more, every time (docs/worker.md, fleet figures).
/// </summary>
public sealed class DmPollingWorker(
    IServiceScopeFactory scopes,
    IOptions<PollingOptions> options,
    TimeProvider clock,
    ILogger<DmPollingWorker> logger) : BackgroundService
{
    /// <summary>The least time between two passes woken by due accounts: accounts falling due within it share a pass.</summary>
    public static readonly TimeSpan MinimumWake = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            PollingLog.WorkerDisabled(logger);
            return;
        }

        PollingLog.WorkerStarted(logger, settings.TickInterval, settings.DmInterval, settings.FollowingInterval, settings.MaxParallelAccounts);
        using var timer = new PeriodicTimer(settings.TickInterval, clock);
        Task<bool>? tick = null;
        try
        {
            while (true)
            {
                DateTime? nextDueAt = null;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    nextDueAt = (await scope.ServiceProvider.GetRequiredService<PollingPass>().RunOnceAsync(stoppingToken)).NextDueAt;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // An exception escaping ExecuteAsync would stop the whole web app; the next tick tries again.
                    PollingLog.PassFailed(logger, ex);
                }

                // One tick wait at a time (PeriodicTimer allows no second); a pass woken by a due account leaves it pending.
                tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
                var untilDue = nextDueAt is { } due ? due - clock.GetUtcNow().UtcDateTime : TimeSpan.MaxValue;
                if (untilDue < settings.TickInterval)
                {
                    using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var delay = Task.Delay(untilDue > MinimumWake ? untilDue : MinimumWake, clock, wake.Token);
                    await Task.WhenAny(tick, delay);
                    await wake.CancelAsync();
                    if (!tick.IsCompleted)
                    {
                        continue;
                    }
                }

                if (!await tick)
                {
                    return;
                }

                tick = null;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }
}
