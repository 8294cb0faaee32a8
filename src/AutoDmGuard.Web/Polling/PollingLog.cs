namespace AutoDmGuard.Web.Polling;

/// <summary>The worker's structured log events. Tokens never appear; DM text only at Debug.</summary>
internal static partial class PollingLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information,
        Message = "Polled account {AccountId}: {EventsRead} DM events read in {Pages} pages, {NewEvents} new, {Scored} scored, ~{BillableReads} billable reads, rate limit remaining {RateLimitRemaining}, next poll {NextPollAt:o}")]
    public static partial void AccountPolled(
        ILogger logger, string accountId, int eventsRead, int pages, int newEvents, int scored, int billableReads, int? rateLimitRemaining, DateTime? nextPollAt);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information,
        Message = "Backfill page for account {AccountId}: {EventsRead} events, {NewEvents} new, {EventsStored} stored so far, oldest {OldestAt:o}, more pages {HasMore}")]
    public static partial void BackfillPage(ILogger logger, string accountId, int eventsRead, int newEvents, int eventsStored, DateTime? oldestAt, bool hasMore);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information,
        Message = "Following synced for account {AccountId}: {Following} followed, {NewFollows} new, {Unfollowed} gone, {Returned} back, first sync {FirstSync}")]
    public static partial void FollowingSynced(ILogger logger, string accountId, int following, int newFollows, int unfollowed, int returned, bool firstSync);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning,
        Message = "Account {AccountId} is rate limited on {Operation} until {ResetAt:o}")]
    public static partial void RateLimited(ILogger logger, string accountId, string operation, DateTime resetAt);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning,
        Message = "Polling {Operation} failed for account {AccountId} ({ConsecutiveFailures} in a row): {Error}; retry at {RetryAt:o}")]
    public static partial void PollFailed(ILogger logger, Exception exception, string accountId, string operation, int consecutiveFailures, string error, DateTime retryAt);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning,
        Message = "Account {AccountId} needs re-authorization; polling stops until the user signs in again")]
    public static partial void NeedsReauthorization(ILogger logger, string accountId);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Information,
        Message = "Account {AccountId} is leased by another instance until {LeaseExpiresAt:o}; skipped")]
    public static partial void LeaseHeldElsewhere(ILogger logger, string accountId, DateTime? leaseExpiresAt);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Error, Message = "Polling pass failed; the next tick tries again")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Information,
        Message = "Polling pass done: {Due} accounts due, {Polled} polled, {Failed} failed, in {ElapsedMs} ms")]
    public static partial void PassCompleted(ILogger logger, int due, int polled, int failed, long elapsedMs);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Debug,
        Message = "Stored DM {EventId} for account {AccountId} from {SenderId}: {Text}")]
    public static partial void DmStored(ILogger logger, string accountId, string eventId, string? senderId, string? text);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Error,
        Message = "Polling account {AccountId} failed unexpectedly; retry at {RetryAt:o}")]
    public static partial void AccountFailed(ILogger logger, Exception exception, string accountId, DateTime? retryAt);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Information, Message = "DM polling worker started: tick {TickInterval}, DM interval {DmInterval}, following interval {FollowingInterval}, {MaxParallelAccounts} accounts in parallel")]
    public static partial void WorkerStarted(ILogger logger, TimeSpan tickInterval, TimeSpan dmInterval, TimeSpan followingInterval, int maxParallelAccounts);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Information, Message = "DM polling worker is disabled (Polling:Enabled=false)")]
    public static partial void WorkerDisabled(ILogger logger);

    [LoggerMessage(EventId = 7017, Level = LogLevel.Warning, Message = "The lease on account {AccountId} could not be released; this instance takes it back on its next pass")]
    public static partial void LeaseNotReleased(ILogger logger, Exception exception, string accountId);

    [LoggerMessage(EventId = 7019, Level = LogLevel.Warning, Message = "This instance's leases left from before its pass could not be freed; they wait until they expire")]
    public static partial void LeftoverLeasesNotReleased(ILogger logger, Exception exception);
}
