using System.ComponentModel.DataAnnotations;

namespace AutoDmGuard.Web.Polling;

/// <summary>How often the worker polls X and how hard it backs off; bound from the "Polling" section.</summary>
public sealed class PollingOptions
{
    public const string Section = "Polling";

    /// <summary>False stops the hosted loop (tests run <see cref="PollingPass.RunOnceAsync"/> themselves).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often the loop looks for due accounts at the latest (it also wakes when the next account falls due); each
    /// account keeps its own schedule.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time between two DM reads of one account (X allows 15 per 15 minutes per user: one a minute).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan DmInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Time between two syncs of one account's following list.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "7.00:00:00")]
    public TimeSpan FollowingInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Shortest time between two reads of the following list when DMs from senders not known to be followed arrive
    /// (<see cref="FollowingSync.CatchUpBeforeScoringAsync"/>): a new follow is then known to within this much of its DM.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan FollowingCatchUpMinGap { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Newest follows read by that check (X bills every user returned); more new follows than this: a full sync.</summary>
    [Range(1, 1000)]
    public int FollowingCatchUpPageSize { get; set; } = 20;

    /// <summary>
    /// Accounts this instance polls at the same time (slots); the rest wait for a free slot, longest-due first. An
    /// instance keeps up while accounts it polls / DmInterval × a poll's wall time (metric autodmguard.poll.duration)
    /// stays below it (docs/worker.md, fleet figures).
    /// </summary>
    [Range(1, 64)]
    public int MaxParallelAccounts { get; set; } = 4;

    /// <summary>First delay after a 5xx, timeout or malformed page; doubles with each consecutive failure (with jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest delay the exponential back-off reaches.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan BackoffCap { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long one instance owns an account's poll; longer than any single account's work.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Upper bound on one account's work in one pass, so a hanging account frees its slot.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan AccountTimeout { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>Backfill pages read per account per pass (0 = until done or the rate limit is used up).</summary>
    [Range(0, 100_000)]
    public int MaxBackfillPagesPerPass { get; set; }

    /// <summary>Page size of following-list reads (X allows 1 to 1000).</summary>
    [Range(1, 1000)]
    public int FollowingPageSize { get; set; } = 1000;

    /// <summary>
    /// Identifies this app instance in PollState leases; default: an id kept in the data folder (<see cref="PollingInstance"/>),
    /// so a restart takes its own leases back at once.
    /// </summary>
    [MaxLength(100)]
    public string? InstanceId { get; set; }
}
