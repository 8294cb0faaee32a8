using System.Net;
using AutoDmGuard.XApiSandbox.Tests.Support;

namespace AutoDmGuard.XApiSandbox.Tests;

public sealed class RateLimitTests
{
    private static readonly long StartEpoch = TestSandbox.Start.ToUnixTimeSeconds();

    [Fact]
    public async Task Every_api_response_carries_the_rate_limit_headers()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var token = await sandbox.AccessTokenAsync(DemoAccounts.Mira.Id);

        var first = await sandbox.GetAsync("2/dm_events", token);
        sandbox.Clock.Advance(TimeSpan.FromSeconds(10));
        var second = await sandbox.GetAsync("2/dm_events", token);
        var me = await sandbox.GetAsync("2/users/me", token);
        var bad = await sandbox.GetAsync("2/dm_events?max_results=0", token);

        Assert.Equal(15, first.HeaderLong("x-rate-limit-limit"));
        Assert.Equal(14, first.HeaderLong("x-rate-limit-remaining"));
        Assert.Equal(StartEpoch + 900, first.HeaderLong("x-rate-limit-reset"));
        Assert.Equal(13, second.HeaderLong("x-rate-limit-remaining"));
        Assert.Equal(StartEpoch + 900, second.HeaderLong("x-rate-limit-reset"));
        Assert.Equal(75, me.HeaderLong("x-rate-limit-limit"));
        Assert.Equal(74, me.HeaderLong("x-rate-limit-remaining"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal(12, bad.HeaderLong("x-rate-limit-remaining"));
    }

    [Fact]
    public async Task After_the_limit_a_429_until_the_reset_then_ok_again()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var token = await sandbox.AccessTokenAsync(DemoAccounts.Mira.Id);
        for (var i = 0; i < 15; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync("2/dm_events?max_results=1", token)).Status);
        }

        var limited = await sandbox.GetAsync("2/dm_events?max_results=1", token);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("application/problem+json", limited.MediaType);
        Assert.Equal("""{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}""", limited.Text);
        Assert.Equal(0, limited.HeaderLong("x-rate-limit-remaining"));
        var reset = limited.HeaderLong("x-rate-limit-reset");
        Assert.Equal(StartEpoch + 900, reset);

        // Other routes and other users have their own buckets.
        Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync("2/users/me", token)).Status);
        var theo = await sandbox.AccessTokenAsync(DemoAccounts.Theo.Id);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync("2/dm_events?max_results=1", theo)).Status);

        sandbox.Clock.Advance(TimeSpan.FromSeconds(reset - StartEpoch - 1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await sandbox.GetAsync("2/dm_events?max_results=1", token)).Status);
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        var again = await sandbox.GetAsync("2/dm_events?max_results=1", token);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(14, again.HeaderLong("x-rate-limit-remaining"));
        Assert.Equal(reset + 900, again.HeaderLong("x-rate-limit-reset"));
    }

    [Fact]
    public async Task Limits_come_from_the_configurable_profile()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.RateLimits[RouteKeys.UsersMe] = new SandboxRateLimit { Limit = 2, Window = TimeSpan.FromMinutes(1) });
        var token = await sandbox.AccessTokenAsync(DemoAccounts.Mira.Id);
        await sandbox.GetAsync("2/users/me", token);
        await sandbox.GetAsync("2/users/me", token);
        var limited = await sandbox.GetAsync("2/users/me", token);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal(2, limited.HeaderLong("x-rate-limit-limit"));
        Assert.Equal(StartEpoch + 60, limited.HeaderLong("x-rate-limit-reset"));
    }

    [Fact]
    public async Task Follow_and_unfollow_allow_50_per_15_minutes_each()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var token = await sandbox.AccessTokenAsync(DemoAccounts.Mira.Id);
        var target = DemoAccounts.Quinn.Id;
        ApiResponse last = null!;
        for (var i = 0; i < 51; i++)
        {
            last = await sandbox.SendAsync(HttpMethod.Post, $"2/users/{DemoAccounts.Mira.Id}/following", token, new { target_user_id = target });
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last.Status);
        var unfollow = await sandbox.SendAsync(HttpMethod.Delete, $"2/users/{DemoAccounts.Mira.Id}/following/{target}", token);
        Assert.Equal(HttpStatusCode.OK, unfollow.Status);
        Assert.Equal(50, unfollow.HeaderLong("x-rate-limit-limit"));
        Assert.Equal(49, unfollow.HeaderLong("x-rate-limit-remaining"));
    }

    [Fact]
    public async Task Switched_off_limits_never_answer_429_and_send_no_headers()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.RateLimitsEnabled = false);
        var token = await sandbox.AccessTokenAsync(DemoAccounts.Mira.Id);
        ApiResponse last = null!;
        for (var i = 0; i < 40; i++)
        {
            last = await sandbox.GetAsync("2/dm_events?max_results=1", token);
            Assert.Equal(HttpStatusCode.OK, last.Status);
        }

        Assert.False(last.Headers.ContainsKey("x-rate-limit-limit"));
    }
}
