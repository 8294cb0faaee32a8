namespace AutoDmGuard.Web.Polling;

/// <summary>Points inside a pass where a crash would hurt most; tests inject failures there.</summary>
internal enum PollingCheckpoint
{
    /// <summary>A backfill page and its cursor were committed; the next page has not been read.</summary>
    BackfillPageStored,

    /// <summary>New DM events were committed; their scores have not been written.</summary>
    EventsStored,

    /// <summary>A batch of re-scored DMs and their sender verdicts was committed; the rest of the queue has not been re-scored.</summary>
    RescoreBatchStored,

    /// <summary>A batch of a several-batch backlog was indexed ahead of scoring and its signatures committed; no DM of the backlog is scored yet.</summary>
    IndexedAheadBatchStored,
}

/// <summary>
/// Test seam: a callback run at each <see cref="PollingCheckpoint"/>. Production registers none, so a pass pays one
/// null check per checkpoint.
/// </summary>
internal sealed class PollingHooks
{
    public Func<string, PollingCheckpoint, CancellationToken, Task>? OnCheckpoint { get; set; }

    public Task ReachedAsync(string accountId, PollingCheckpoint checkpoint, CancellationToken cancellationToken) =>
        OnCheckpoint?.Invoke(accountId, checkpoint, cancellationToken) ?? Task.CompletedTask;
}
