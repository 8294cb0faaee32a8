using System.ComponentModel.DataAnnotations;

namespace AutoDmGuard.Web.Senders;

/// <summary>The senders feature's settings: list page size and bulk-unfollow pacing.</summary>
public sealed class SendersOptions
{
    /// <summary>The configuration section; "Dashboard" is the key users and the docs already set (Dashboard:PageSize, ...).</summary>
    public const string Section = "Dashboard";

    [Range(5, 200)]
    public int PageSize { get; init; } = 50;

    /// <summary>X allows 50 unfollows per user per 15 minutes (docs/x-api-client.md, "Follow and unfollow limits"); the bulk executor stays inside that.</summary>
    [Range(1, 1000)]
    public int UnfollowsPerWindow { get; init; } = 50;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan UnfollowWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Off in tests that drive <see cref="BulkUnfollowRunner"/> themselves.</summary>
    public bool BulkExecutorEnabled { get; init; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BulkExecutorInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one instance owns a bulk job without renewing (it renews before each item). Must outlast one call to X
    /// (<c>X:TotalRequestTimeout</c>): an item another instance claimed is only re-checked once its claim is this old, so
    /// the claimant's call has ended by then.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan BulkJobLeaseDuration { get; init; } = TimeSpan.FromMinutes(2);
}
