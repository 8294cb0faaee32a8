using System.Net;
using System.Net.Http.Headers;
using AutoDmGuard.Testing.Sandbox;
using AutoDmGuard.XApiSandbox.Tests.Support;

namespace AutoDmGuard.XApiSandbox.Tests;

/// <summary>GET /_sandbox/requests: every X API request with whose token it carried, in order, filterable, bounded.</summary>
public sealed class RequestLogTests : IAsyncLifetime
{
    private const string UnfollowRoute = "DELETE /2/users/:source_user_id/following/:target_user_id";
    private const string FollowingRoute = "GET /2/users/:id/following";
    private static readonly string Mira = DemoAccounts.All[0].Id;
    private static readonly string Second = DemoAccounts.All[1].Id;
    private TestSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await TestSandbox.StartAsync(o => o.RateLimitsEnabled = false);

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Each_x_request_is_logged_with_the_user_its_token_belongs_to_and_its_status()
    {
        var miraToken = await _sandbox.AccessTokenAsync(Mira);
        var secondToken = await _sandbox.AccessTokenAsync(Second);
        var target = (await _sandbox.Admin.FollowingAsync(Mira))[0];
        var since = (await _sandbox.Admin.RequestsAsync()).Last;

        Assert.Equal(HttpStatusCode.OK, (await _sandbox.GetAsync($"2/users/{Mira}/following?max_results=5", miraToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.SendAsync(HttpMethod.Delete, $"2/users/{Mira}/following/{target}", miraToken)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _sandbox.SendAsync(HttpMethod.Delete, $"2/users/{Mira}/following/{target}", secondToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _sandbox.GetAsync($"2/users/{Mira}/following", "not-a-token")).Status);
        await _sandbox.Admin.FollowingAsync(Mira); // admin requests are not X requests: not logged

        var log = (await _sandbox.Admin.RequestsAsync(since)).Requests;

        Assert.Equal(
            [
                ("GET", $"/2/users/{Mira}/following", FollowingRoute, Mira, 200),
                ("DELETE", $"/2/users/{Mira}/following/{target}", UnfollowRoute, Mira, 200),
                ("DELETE", $"/2/users/{Mira}/following/{target}", UnfollowRoute, Second, 403),
                ("GET", $"/2/users/{Mira}/following", FollowingRoute, (string?)null, 401),
            ],
            log.Select(r => (r.Method, r.Path, r.Route, r.UserId, r.Status ?? 0)));
        Assert.Equal(log.Select(r => r.Seq).Order(), log.Select(r => r.Seq));
        Assert.All(log, r => Assert.Equal(_sandbox.Clock.GetUtcNow().UtcDateTime, r.StartedAt));
    }

    [Fact]
    public async Task Filters_by_route_and_user_and_clear_forgets_what_was_logged()
    {
        var miraToken = await _sandbox.AccessTokenAsync(Mira);
        var secondToken = await _sandbox.AccessTokenAsync(Second);
        await _sandbox.GetAsync($"2/users/{Mira}/following", miraToken);
        await _sandbox.GetAsync($"2/users/{Second}/following", secondToken);
        await _sandbox.GetAsync("2/users/me", secondToken);

        Assert.Equal([Mira, Second], (await _sandbox.Admin.RequestsAsync(route: FollowingRoute)).Requests.Select(r => r.UserId));
        Assert.Equal(["GET /2/users/:id/following", "GET /2/users/me"], (await _sandbox.Admin.RequestsAsync(userId: Second)).Requests.Select(r => r.Route));

        var last = (await _sandbox.Admin.RequestsAsync()).Last;
        await _sandbox.Admin.ClearRequestsAsync();
        Assert.Empty((await _sandbox.Admin.RequestsAsync()).Requests);
        await _sandbox.GetAsync("2/users/me", miraToken);
        var after = (await _sandbox.Admin.RequestsAsync()).Requests;
        Assert.Equal(last + 1, Assert.Single(after).Seq);
    }

    [Fact]
    public async Task A_request_still_being_answered_shows_without_an_end_so_overlapping_calls_are_visible()
    {
        var miraToken = await _sandbox.AccessTokenAsync(Mira);
        await _sandbox.Admin.AddFaultAsync(FollowingRoute, "hang");
        using var cancel = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"2/users/{Mira}/following");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", miraToken);
        var hanging = _sandbox.Http.SendAsync(request, cancel.Token);

        SandboxRequest? open = null;
        for (var i = 0; i < 200 && open is null; i++)
        {
            open = (await _sandbox.Admin.RequestsAsync(route: FollowingRoute)).Requests.SingleOrDefault();
            await Task.Delay(25);
        }

        Assert.NotNull(open);
        Assert.Equal((Mira, (DateTime?)null, (int?)null), (open.UserId, open.EndedAt, open.Status));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging);
        SandboxRequest? closed = null;
        for (var i = 0; i < 200 && closed?.Status is null; i++)
        {
            closed = (await _sandbox.Admin.RequestsAsync(route: FollowingRoute)).Requests.Single();
            await Task.Delay(25);
        }

        Assert.Equal(499, closed?.Status);
    }

    [Fact]
    public async Task The_log_is_bounded_and_counts_what_it_dropped()
    {
        await using var small = await TestSandbox.StartAsync(o =>
        {
            o.RateLimitsEnabled = false;
            o.RequestLogCapacity = 3;
        });
        var token = await small.AccessTokenAsync(Mira);
        for (var i = 0; i < 5; i++)
        {
            await small.GetAsync("2/users/me", token);
        }

        var log = await small.Admin.RequestsAsync(route: "GET /2/users/me");
        Assert.Equal(3, log.Requests.Count);
        Assert.Equal(log.Last, log.Requests[^1].Seq);
        Assert.True(log.Dropped >= 2, $"dropped {log.Dropped}");
    }
}
