using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutoDmGuard.Web.Operations;

/// <summary>How many received DMs wait for a score, all accounts together (answered by the scoring feature).</summary>
public interface IScoringBacklog
{
    /// <summary>The queue's depth, or null when the database cannot say now (then no value is reported).</summary>
    long? CountWaiting();
}

/// <summary>
/// The app's one Meter, "AutoDmGuard". Each instrument is recorded at the one place its event happens: polls, their duration and billable
/// reads where a pass ends an account's poll (PollingPass), 429s where X's answers arrive (<see cref="XRateLimitCounter"/>),
/// scoring time around the classifier call (DmScorer), unfollows where they are sent to X (XFollowGraph). Created
/// through <see cref="IMeterFactory"/>, so two hosts in one process (tests) never mix their measurements. Nothing is
/// exported unless OTLP is configured (<see cref="OperationsRegistration"/>); without a listener recording costs nothing.
/// </summary>
public sealed class AppMetrics
{
    public const string MeterName = "AutoDmGuard";

    private readonly Counter<long> _polls;
    private readonly Histogram<double> _pollDuration;
    private readonly Counter<long> _billableReads;
    private readonly Counter<long> _rateLimited;
    private readonly Histogram<double> _scoringDuration;
    private readonly Counter<long> _unfollows;

    /// <param name="backlogs">The queue-depth source (registered with polling); without one the gauge reports nothing.</param>
    public AppMetrics(IMeterFactory meters, IEnumerable<IScoringBacklog> backlogs)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var backlog = backlogs.LastOrDefault();
        var meter = meters.Create(MeterName);
        _polls = meter.CreateCounter<long>(
            "autodmguard.polls", "{poll}", "Account polls finished, by outcome (polled, failed, needs_reauthorization, lease_held_elsewhere, skipped).");
        _pollDuration = meter.CreateHistogram<double>(
            "autodmguard.poll.duration", "s",
            "Wall time of one account's poll, claim to release, by outcome: what one of Polling:MaxParallelAccounts slots is busy for (docs/worker.md, sizing).");
        _billableReads = meter.CreateCounter<long>(
            "autodmguard.dm.billable_reads", "{event}", "DM events X returned to the worker; X bills each once per UTC day.");
        _rateLimited = meter.CreateCounter<long>(
            "autodmguard.x.rate_limited", "{response}", "429 answers from the X API, by method and route (ids replaced by {id}).");
        _scoringDuration = meter.CreateHistogram<double>(
            "autodmguard.scoring.duration", "s", "Time the classifier took for one batch of DMs, first scores or re-scores.");
        _unfollows = meter.CreateCounter<long>(
            "autodmguard.unfollows", "{unfollow}", "Unfollows sent to X (single and bulk), by outcome (ok, rate_limited, needs_reauthorization, failed).");
        // Observed only when an exporter or listener collects: one count query per collection, none otherwise.
        meter.CreateObservableGauge(
            "autodmguard.scoring.queue",
            () => backlog?.CountWaiting() is { } depth ? [new Measurement<long>(depth)] : Array.Empty<Measurement<long>>(),
            "{dm}",
            "Received DMs stored and waiting for their first score, all accounts (the same value on every instance of a fleet).");
    }

    /// <summary>
    /// One account's poll ended after <paramref name="elapsed"/> (null: not polled, only looked at);
    /// <paramref name="billableReads"/> DM events were read from X during it.
    /// </summary>
    public void AccountPolled(string outcome, int billableReads, TimeSpan? elapsed)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _polls.Add(1, tag);
        if (elapsed is { } wall)
        {
            _pollDuration.Record(wall.TotalSeconds, tag);
        }

        if (billableReads > 0)
        {
            _billableReads.Add(billableReads);
        }
    }

    public void XRateLimited(string method, string route) =>
        _rateLimited.Add(1, new("http.request.method", method), new("x.route", route));

    /// <summary><paramref name="kind"/>: "first" (new DMs) or "rescore".</summary>
    public void Scored(string kind, TimeSpan elapsed) =>
        _scoringDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("kind", kind));

    public void Unfollowed(string outcome) =>
        _unfollows.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}

public static class AppMetricsRegistration
{
    /// <summary>
    /// Registers <see cref="AppMetrics"/> once; every feature that records calls it, so a host composed of only some
    /// features (the benchmarks' hosts) still gets the meter. Export is decided by <see cref="OperationsRegistration"/>.
    /// </summary>
    public static IServiceCollection AddAppMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<AppMetrics>();
        return services;
    }
}
