using System.Collections.Concurrent;
using AutoDmGuard.Web.Tests.Polling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace AutoDmGuard.Web.Tests.Operations;

/// <summary>
/// Runs alone, after the parallel tests: the OpenTelemetry SDK listens to every meter named "AutoDmGuard" in the process,
/// and when another test's host (with an identical instrument) is disposed while this one exports, the SDK retires the
/// metric stream the two share and this host's measurements stop reaching the exporter. One host per process, as in
/// production, has no such neighbour.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OtlpExportRunsAlone
{
    public const string Name = "OTLP export (alone)";
}

[Collection(OtlpExportRunsAlone.Name)]
public sealed class OtlpExportTests
{
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
        // OTLP is protobuf; metric names travel as plain UTF-8 strings inside it. An export can fall between two of the
        // pass's measurements, so each name need only arrive in some export, not all in one.
        await receiver.WaitForAsync(
            ["autodmguard.dm.billable_reads", "autodmguard.polls", "autodmguard.scoring.duration"], TimeSpan.FromSeconds(60));
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

        public async Task WaitForAsync(IReadOnlyList<string> names, TimeSpan limit)
        {
            var until = DateTime.UtcNow + limit;
            IReadOnlyList<string> missing = names;
            while (DateTime.UtcNow < until)
            {
                missing = names.Where(n => !_bodies.Any(b => b.Contains(n, StringComparison.Ordinal))).ToList();
                if (missing.Count == 0)
                {
                    return;
                }

                await Task.Delay(100);
            }

            throw new Xunit.Sdk.XunitException(
                $"No OTLP export named {string.Join(", ", missing)} within {limit} ({_bodies.Count} bodies received).");
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
