namespace AutoDmGuard.Web.Data;

/// <summary>The worker's cursor and status for one account: kept in the database so a restart resumes where it stopped.</summary>
public sealed class PollState
{
    public required string AccountId { get; set; }

    /// <summary>The newest DM event id stored; the incremental reader stops there.</summary>
    public string? NewestDmEventId { get; set; }
    public bool BackfillCompleted { get; set; }

    /// <summary>The pagination token of the next backfill page, so an interrupted backfill re-reads at most one page.</summary>
    public string? BackfillPaginationToken { get; set; }
    public int BackfillEventsStored { get; set; }
    public DateTime? BackfillOldestAt { get; set; }

    /// <summary>
    /// Where an incremental read that X cut short (429, page cap) stopped: its next pagination token, the stored event
    /// id it must reach and the page size it would ask for. Null when the last read caught up.
    /// </summary>
    public string? DmReadResumeToken { get; set; }
    public string? DmReadResumeStopAtId { get; set; }
    public int? DmReadResumePageSize { get; set; }

    public DateTime? LastPollAt { get; set; }
    public DateTime? LastSuccessAt { get; set; }
    public DateTime? NextDmPollAt { get; set; }
    public DateTime? LastFollowingSyncAt { get; set; }
    public DateTime? NextFollowingSyncAt { get; set; }
    public string? LastError { get; set; }
    public int ConsecutiveFailures { get; set; }
    public int? RateLimitRemaining { get; set; }
    public DateTime? RateLimitResetAt { get; set; }
    public long BillableReadsEstimate { get; set; }

    /// <summary>Which app instance holds this account's poll, until when (several instances come after SQLite).</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
}
