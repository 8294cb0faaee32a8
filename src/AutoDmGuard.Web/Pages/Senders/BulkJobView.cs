using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Senders;

namespace AutoDmGuard.Web.Pages.Senders;

/// <summary>A bulk unfollow as the progress bar shows it.</summary>
public sealed record BulkJobView(long Id, BulkJobStatus Status, string Filter, int Total, int Done, int Failed, DateTime? NextAttemptAt, DateTime? CompletedAt)
{
    public bool Active => Status is BulkJobStatus.Queued or BulkJobStatus.Running or BulkJobStatus.WaitingForRateLimit;

    /// <summary>A finished job stays on screen for an hour so its result can be read.</summary>
    public bool CompletedRecently(DateTime now) => !Active && CompletedAt is { } at && now - at < TimeSpan.FromHours(1);

    public string Describe(DateTime now)
    {
        var counts = $"{Done} of {Total} unfollowed" + (Failed > 0 ? $", {Failed} failed" : "");
        return Status switch
        {
            BulkJobStatus.Queued => counts + "; starting.",
            BulkJobStatus.Running => counts + "; working.",
            BulkJobStatus.WaitingForRateLimit when NextAttemptAt is { } at => counts + $"; waiting for X's limit, resumes {Ago.Format(at, now)}.",
            BulkJobStatus.WaitingForRateLimit => counts + "; waiting for X's limit.",
            BulkJobStatus.Cancelled => counts + "; cancelled.",
            _ => counts + "; finished.",
        };
    }
}
