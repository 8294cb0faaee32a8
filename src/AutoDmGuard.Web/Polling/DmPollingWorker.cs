using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// The hosted loop: a <see cref="PeriodicTimer"/> on the injected clock runs one <see cref="PollingPass"/> per tick in a
/// fresh scope. Accounts keep their own schedules in PollState, so a tick only polls the ones that are due.
/// </summary>
public sealed class DmPollingWorker(
    IServiceScopeFactory scopes,
    IOptions<PollingOptions> options,
    TimeProvider clock,
    ILogger<DmPollingWorker> logger) : BackgroundService
{
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
        try
        {
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<PollingPass>().RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // An exception escaping ExecuteAsync would stop the whole web app; the next tick tries again.
                    PollingLog.PassFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }
}
