using System.Collections.Concurrent;
using AutoDmGuard.Web.Actions;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Tests.Polling;
using AutoDmGuard.Web.Tests.Senders;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
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

        await app.RunPassAsync();

        Assert.Equal(1, metrics.Sum("autodmguard.polls"));
        Assert.Equal(1, metrics.Sum("autodmguard.polls", ("outcome", "polled")));
        // The sandbox's own meter of billed DM event reads is the independent truth.
        var billed = await app.BillableReadsAsync(user.AccountId);
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
        await app.AddFaultAsync(DmRoute, "429");

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
        await SandboxFollowing.FaultAsync(app, UnfollowRoute, "429");
        var limited = await app.WithServiceAsync<XFollowGraph, XCallResult>(g => g.UnfollowAsync(user.AccountId, followed[1], CancellationToken.None));

        Assert.Equal(XCallStatus.Ok, done.Status);
        Assert.Equal(XCallStatus.RateLimited, limited.Status);
        Assert.DoesNotContain(followed[0], await SandboxFollowing.IdsAsync(app, user.AccountId));
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

    [Fact]
    public async Task With_OTEL_EXPORTER_OTLP_ENDPOINT_the_metrics_reach_an_OTLP_receiver()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await PollingAppFactory.StartAsync(f =>
        {
            f.Settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Address.AbsoluteUri.TrimEnd('/');
            f.Settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            f.Settings["OTEL_METRIC_EXPORT_INTERVAL"] = "200";
        });
        using var user = await app.SignInAsync();

        await app.RunPassAsync();

        Assert.NotNull(app.Services.GetService<MeterProvider>());
        // OTLP is protobuf; metric names travel as plain UTF-8 strings inside it.
        var body = await receiver.WaitForAsync("autodmguard.dm.billable_reads", TimeSpan.FromSeconds(60));
        Assert.Contains("autodmguard.polls", body, StringComparison.Ordinal);
        Assert.Contains("autodmguard.scoring.duration", body, StringComparison.Ordinal);
        Assert.Equal("/v1/metrics", receiver.Paths.First());
    }

    /// <summary>A local OTLP/HTTP endpoint: Kestrel on a free loopback port keeping every POSTed body.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<string> _bodies = new();

        private OtlpReceiver(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = null!;

        public ConcurrentQueue<string> Paths { get; } = new();

        public static async Task<OtlpReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
            var app = builder.Build();
            var receiver = new OtlpReceiver(app);
            app.MapPost("/{**path}", async (HttpContext http) =>
            {
                using var reader = new StreamReader(http.Request.Body, System.Text.Encoding.Latin1);
                receiver.Paths.Enqueue(http.Request.Path.Value ?? "");
                receiver._bodies.Enqueue(await reader.ReadToEndAsync());
                return Results.Ok();
            });
            await app.StartAsync();
            receiver.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return receiver;
        }

        public async Task<string> WaitForAsync(string text, TimeSpan limit)
        {
            var until = DateTime.UtcNow + limit;
            while (DateTime.UtcNow < until)
            {
                if (_bodies.FirstOrDefault(b => b.Contains(text, StringComparison.Ordinal)) is { } body)
                {
                    return body;
                }

                await Task.Delay(100);
            }

            throw new Xunit.Sdk.XunitException($"No OTLP export containing {text} arrived within {limit} ({_bodies.Count} bodies received).");
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
