namespace AutoDmGuard.Web.Pages;

/// <summary>The worker's state for the signed-in account, for the status bar.</summary>
public sealed record WorkerStatus(
    DateTime Now,
    DateTime? LastPollAt,
    DateTime? LastSuccessAt,
    DateTime? NextPollAt,
    bool BackfillCompleted,
    int BackfillEventsStored,
    DateTime? BackfillOldestAt,
    int? RateLimitRemaining,
    DateTime? RateLimitResetAt,
    string? LastError,
    bool NeedsReauthorization,
    string? ReauthorizationReason)
{
    /// <summary>A failure this process could not write to the database (disk full): shown however old the row is.</summary>
    public string? UnrecordedError { get; init; }

    /// <summary>Another app instance holds this account's poll until then.</summary>
    public DateTime? LeaseHeldElsewhereUntil { get; init; }
}
