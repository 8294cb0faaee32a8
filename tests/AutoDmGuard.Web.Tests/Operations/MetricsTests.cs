using AutoDmGuard.Web.Senders;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Tests.Polling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace AutoDmGuard.Web.Tests.Operations;

/// <summary>The "AutoDmGuard" meter, read with an in-process listener while the worker polls the sandbox over real HTTP.</summary>
public sealed class MetricsTests
{
    private const string DmRoute = "GET /2/dm_events";
    private const string UnfollowRoute = "DELETE /2/users/:source_user_id/following/:target_user_id";

    [Fact]
    public async Task A_poll_counts_the_poll_the_billable_reads_X_metered_and_the_scoring_time()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        using var metrics = new RecordedMetrics(app.Services);

        var passWatch = System.Diagnostics.Stopwatch.StartNew();
        await app.RunPassAsync();
        passWatch.Stop();

        Assert.Equal(1, metrics.Sum("autodmguard.polls"));
        Assert.Equal(1, metrics.Sum("autodmguard.polls", ("outcome", "polled")));
        // The poll's wall time, once, as a slot's busy time: positive and within the pass.
        Assert.Equal(1, metrics.Count("autodmguard.poll.duration", ("outcome", "polled")));
        Assert.InRange(metrics.Sum("autodmguard.poll.duration"), 1e-6, passWatch.Elapsed.TotalSeconds);
        // The sandbox's own meter of billed DM event reads is the independent truth.
        var billed = await app.SandboxAdmin.BillableDmReadsAsync(user.AccountId);
        Assert.True(billed > 0, "The demo inbox should have DMs to read.");
        Assert.Equal(billed, metrics.Sum("autodmguard.dm.billable_reads"));
        Assert.True(metrics.Count("autodmguard.scoring.duration", ("kind", "first")) > 0, "No scoring batch was timed.");
        Assert.Equal(0, metrics.Sum("autodmguard.x.rate_limited"));
        Assert.Equal([0d], metrics.Observe("autodmguard.scoring.queue"));

        // A second pass finds nothing new: one more poll, and at most the one event the cost-aware reader looks at
        // again (X bills it once a day, so the sandbox may not count it twice; the app's own estimate does).
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await app.RunPassAsync();
        Assert.Equal(2, metrics.Sum("autodmguard.polls", ("outcome", "polled")));
        Assert.InRange(metrics.Sum("autodmguard.dm.billable_reads") - billed, 0, 1);
        Assert.Equal((await app.StateAsync(user.AccountId)).BillableReadsEstimate, metrics.Sum("autodmguard.dm.billable_reads"));
    }

    [Fact]
    public async Task A_429_from_X_is_counted_by_route_and_the_poll_as_failed()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        using var metrics = new RecordedMetrics(app.Services);
        await app.SandboxAdmin.AddFaultAsync(DmRoute, "429");

        await app.RunPassAsync();

        Assert.Equal(1, metrics.Sum("autodmguard.x.rate_limited", ("http.request.method", "GET"), ("x.route", "/2/dm_events")));
        Assert.Equal(1, metrics.Sum("autodmguard.x.rate_limited"));
        Assert.Equal(1, metrics.Sum("autodmguard.polls", ("outcome", "failed")));
    }

    [Fact]
    public async Task Unfollows_are_counted_by_outcome_and_their_429_by_route_without_ids()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.RunPassAsync();
        var followed = await app.WithDbAsync(db => db.Follows.Where(f => f.AccountId == user.AccountId && f.UnfollowedAt == null)
            .OrderBy(f => f.UserId).Select(f => f.UserId).Take(2).ToListAsync());
        Assert.Equal(2, followed.Count);
        using var metrics = new RecordedMetrics(app.Services);

        var done = await app.WithServiceAsync<XFollowGraph, XCallResult>(g => g.UnfollowAsync(user.AccountId, followed[0], CancellationToken.None));
        await app.SandboxAdmin.AddFaultAsync(UnfollowRoute, "429");
        var limited = await app.WithServiceAsync<XFollowGraph, XCallResult>(g => g.UnfollowAsync(user.AccountId, followed[1], CancellationToken.None));

        Assert.Equal(XCallStatus.Ok, done.Status);
        Assert.Equal(XCallStatus.RateLimited, limited.Status);
        Assert.DoesNotContain(followed[0], await app.SandboxAdmin.FollowingAsync(user.AccountId));
        Assert.Equal(1, metrics.Sum("autodmguard.unfollows", ("outcome", "ok")));
        Assert.Equal(1, metrics.Sum("autodmguard.unfollows", ("outcome", "rate_limited")));
        Assert.Equal(1, metrics.Sum("autodmguard.x.rate_limited", ("http.request.method", "DELETE"), ("x.route", "/2/users/{id}/following/{id}")));
    }

    [Fact]
    public async Task The_queue_gauge_reads_the_stored_DMs_that_wait_for_a_score()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.RunPassAsync();
        using var metrics = new RecordedMetrics(app.Services);
        Assert.Equal([0d], metrics.Observe("autodmguard.scoring.queue"));

        // Scores lost (as after a crash between the two writes): each received DM is back in the queue.
        var unscored = await app.WithDbAsync(db => db.DmScores.Where(s => s.AccountId == user.AccountId).ExecuteDeleteAsync());

        Assert.True(unscored > 0);
        Assert.Equal([(double)unscored], metrics.Observe("autodmguard.scoring.queue"));
    }

    [Fact]
    public async Task Without_an_OTLP_endpoint_no_OpenTelemetry_pipeline_runs()
    {
        await using var app = await PollingAppFactory.StartAsync();
        _ = app.Services;

        Assert.Null(app.Services.GetService<MeterProvider>());
    }
}
