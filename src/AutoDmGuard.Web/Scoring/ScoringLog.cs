namespace AutoDmGuard.Web.Scoring;

/// <summary>The scorer's log lines; event ids in the worker's 70xx range, next to the polling ones.</summary>
internal static partial class ScoringLog
{
    [LoggerMessage(EventId = 7011, Level = LogLevel.Information,
        Message = "Scored {Scored} DMs of account {AccountId}: {Flagged} flagged, {Senders} sender verdicts updated")]
    public static partial void Scored(ILogger logger, string accountId, int scored, int flagged, int senders);

    [LoggerMessage(EventId = 7015, Level = LogLevel.Information,
        Message = "Re-scored {Rescored} DMs of account {AccountId}: {Flagged} flagged, {Senders} sender verdicts updated, {Pending} still queued")]
    public static partial void Rescored(ILogger logger, string accountId, int rescored, int flagged, int senders, int pending);

    [LoggerMessage(EventId = 7016, Level = LogLevel.Debug,
        Message = "{Queued} stored DMs queued for re-scoring after {Templates} templates of account {AccountId} gained senders")]
    public static partial void RescoreQueued(ILogger logger, string accountId, int queued, int templates);

    [LoggerMessage(EventId = 7019, Level = LogLevel.Debug,
        Message = "{Queued} flagged DMs of {Senders} senders of account {AccountId} queued for re-scoring: the sender answered the user")]
    public static partial void AnsweredRescoreQueued(ILogger logger, string accountId, int queued, int senders);

    [LoggerMessage(EventId = 7018, Level = LogLevel.Information,
        Message = "Template index over its capacity of {Capacity} entries: {Evicted} entries of the least recently matched clusters dropped from memory, {Kept} kept")]
    public static partial void TemplateIndexEvicted(ILogger logger, int evicted, int kept, int capacity);
}
