namespace AutoDmGuard.Web.Pages.Senders;

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
    string? ReauthorizationReason);
