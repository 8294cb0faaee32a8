using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Senders;

/// <summary>
/// Thin loop around <see cref="BulkUnfollowRunner"/>: one scope per pass, woken by the interval or by a newly queued
/// job. An exception ends the pass, never the app.
/// </summary>
public sealed partial class BulkUnfollowExecutor(
    IServiceScopeFactory scopes,
    BulkUnfollowSignal signal,
    IOptions<SendersOptions> options,
    TimeProvider clock,
    ILogger<BulkUnfollowExecutor> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<BulkUnfollowRunner>().RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(ex);
            }

            await WaitForNextPassAsync(stoppingToken);
        }
    }

    private async Task WaitForNextPassAsync(CancellationToken stoppingToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var tick = Task.Delay(options.Value.BulkExecutorInterval, clock, wait.Token);
        var woken = signal.WaitAsync(wait.Token);
        await Task.WhenAny(tick, woken);
        await wait.CancelAsync();
        try
        {
            await Task.WhenAll(tick, woken);
        }
        catch (OperationCanceledException)
        {
            // The loser of the race was cancelled; stoppingToken is checked by the loop.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Bulk unfollow pass failed; the next pass tries again")]
    private partial void LogPassFailed(Exception ex);
}
