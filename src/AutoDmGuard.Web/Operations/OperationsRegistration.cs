using System.Text.Json;
using AutoDmGuard.Web.Data;
using AutoDmGuard.XApi;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace AutoDmGuard.Web.Operations;

/// <summary>
/// What running several instances needs from each one: its role (<c>--Role=web|worker</c>), the standard health probes
/// and the app's metrics, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured. See docs/operations.md.
/// </summary>
public static class OperationsRegistration
{
    public const string LiveRoute = "/health/live";
    public const string ReadyRoute = "/health/ready";

    /// <summary>The standard OpenTelemetry setting (environment variable or any configuration source).</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var role = builder.GetAppRole();
        builder.Services.AddOptions<AppRoleOptions>().Configure(o => o.Role = role);

        // Ready = the database answers and has every migration this build knows (a database restored from before them,
        // or swapped under a running instance, is not ready). Migrations a newer build applied do not make an older
        // instance unready: EF Core lists only this build's migrations as pending. Live has no check at all.
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", tags: [ReadyTag])
            .AddDbContextCheck<AppDbContext>("migrations", tags: [ReadyTag], customTestQuery: HasNoPendingMigrationsAsync);

        builder.Services.AddAppMetrics();
        builder.Services.AddHttpClient(XApiServiceCollectionExtensions.ApiHttpClientName)
            .AddHttpMessageHandler(services => new XRateLimitCounter(services.GetRequiredService<AppMetrics>()));

        // No endpoint, no OpenTelemetry pipeline at all: nothing is collected or sent.
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } named ? named : "autodmguard";
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService(serviceName).AddAttributes([new("autodmguard.role", role.ToString().ToLowerInvariant())]))
                .WithMetrics(metrics => metrics.AddMeter(AppMetrics.MeterName).AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>Razor pages and static assets, unless this instance is a worker (which serves only the health endpoints).</summary>
    public static WebApplication MapAppPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<AppRoleOptions>>().Value.Role.ServesPages())
        {
            app.MapStaticAssets();
            app.MapRazorPages().WithStaticAssets();
        }

        return app;
    }

    /// <summary>GET /health/live (the process answers) and GET /health/ready (database reachable and migrated): 200 or 503.</summary>
    public static WebApplication MapHealthProbes(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LiveRoute, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks(ReadyRoute, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return app;
    }

    private static async Task<bool> HasNoPendingMigrationsAsync(AppDbContext db, CancellationToken cancellationToken) =>
        !(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any();

    /// <summary>Status per check, nothing else: the probes answer anonymous callers, so no exception text or connection detail.</summary>
    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString(), StringComparer.Ordinal),
        };
        return JsonSerializer.SerializeAsync(http.Response.Body, body, cancellationToken: http.RequestAborted);
    }
}
