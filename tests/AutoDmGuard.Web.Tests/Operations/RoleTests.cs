using System.Net;
using AutoDmGuard.Web.Senders;
using AutoDmGuard.Web.Polling;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Tests.Operations;

/// <summary>--Role=web|worker (default both): which background services run and which paths are served.</summary>
public sealed class RoleTests
{
    private static readonly string[] HealthPaths = ["/health/live", "/health/ready", "/health/worker"];

    [Theory]
    [InlineData(null)]
    [InlineData("both")]
    public async Task Without_a_role_or_with_both_an_instance_serves_pages_and_runs_the_background_work(string? role)
    {
        await using var app = await StartAsync(role);
        using var client = app.CreateAppClient();

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/css/site.css"));
        await AssertHealthServedAsync(client);
        Assert.Equal([typeof(BulkUnfollowExecutor), typeof(DmPollingWorker)], BackgroundWork(app));
    }

    [Fact]
    public async Task A_web_instance_serves_pages_and_runs_neither_the_worker_nor_the_bulk_executor()
    {
        await using var app = await StartAsync("web");
        using var client = app.CreateAppClient();

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/css/site.css"));
        await AssertHealthServedAsync(client);
        Assert.Empty(BackgroundWork(app));
        // The sign-in still works on a web instance (a worker instance has no pages to start it from).
        using var user = await app.SignInAsync();
    }

    [Fact]
    public async Task A_worker_instance_runs_the_background_work_and_serves_only_the_health_endpoints()
    {
        await using var app = await StartAsync("WORKER");
        using var client = app.CreateAppClient();

        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(client, "/"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(client, "/Account/SignIn"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(client, "/Insights"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(client, "/css/site.css"));
        await AssertHealthServedAsync(client);
        Assert.Equal([typeof(BulkUnfollowExecutor), typeof(DmPollingWorker)], BackgroundWork(app));
    }

    [Theory]
    [InlineData("wrker")]
    [InlineData("1")]
    [InlineData("web,worker")]
    public async Task An_unknown_role_stops_the_start_with_a_message_naming_the_choices(string role)
    {
        await using var app = await StartAsync(role);

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Role must be web, worker or both", error.Message, StringComparison.Ordinal);
        Assert.Contains(role, error.Message, StringComparison.Ordinal);
    }

    private static Task<AppFactory> StartAsync(string? role) =>
        AppFactory.StartAsync(f =>
        {
            if (role is not null)
            {
                f.Settings["Role"] = role;
            }
        });

    /// <summary>The app's own hosted services of the background kind, by type name.</summary>
    private static Type[] BackgroundWork(AppFactory app) =>
        [.. app.Services.GetServices<IHostedService>()
            .Select(s => s.GetType())
            .Where(t => t == typeof(DmPollingWorker) || t == typeof(BulkUnfollowExecutor))
            .OrderBy(t => t.Name, StringComparer.Ordinal)];

    private static async Task AssertHealthServedAsync(HttpClient client)
    {
        foreach (var path in HealthPaths)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, path));
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }
}
