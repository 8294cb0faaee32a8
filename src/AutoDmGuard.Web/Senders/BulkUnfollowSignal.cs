namespace AutoDmGuard.Web.Senders;

/// <summary>
/// Shared by the pages and the executor: <see cref="Wake"/> lets a newly queued job start without waiting for the next
/// tick, and <see cref="Gate"/> keeps two runs (the executor and a test, or two ticks) from working the same queue.
/// </summary>
public sealed class BulkUnfollowSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up is enough.
        }
    }

    public Task WaitAsync(CancellationToken ct) => _wake.WaitAsync(ct);

    public void Dispose()
    {
        _wake.Dispose();
        Gate.Dispose();
    }
}
