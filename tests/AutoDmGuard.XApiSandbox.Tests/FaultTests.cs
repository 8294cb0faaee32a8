using System.Net;
using System.Text.Json;
using AutoDmGuard.XApiSandbox.Tests.Support;

namespace AutoDmGuard.XApiSandbox.Tests;

public sealed class FaultTests : IAsyncLifetime
{
    private TestSandbox _sandbox = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await TestSandbox.StartAsync();
        _token = await _sandbox.AccessTokenAsync(DemoAccounts.Mira.Id);
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Theory]
    [InlineData("429", HttpStatusCode.TooManyRequests, "Too Many Requests")]
    [InlineData("500", HttpStatusCode.InternalServerError, "Internal Server Error")]
    [InlineData("503", HttpStatusCode.ServiceUnavailable, "Service Unavailable")]
    public async Task Status_faults_answer_with_a_problem_then_the_route_recovers(string fault, HttpStatusCode status, string title)
    {
        await _sandbox.Admin.AddFaultAsync("GET /2/dm_events", fault, 2);

        var first = await _sandbox.GetAsync("2/dm_events", _token);
        var second = await _sandbox.GetAsync("2/dm_events", _token);
        var other = await _sandbox.GetAsync("2/users/me", _token);
        var third = await _sandbox.GetAsync("2/dm_events", _token);

        Assert.Equal(status, first.Status);
        Assert.Equal("application/problem+json", first.MediaType);
        Assert.Equal(title, first.Body.GetProperty("title").GetString());
        Assert.Equal((int)status, first.Body.GetProperty("status").GetInt32());
        Assert.Equal(status, second.Status);
        Assert.Equal(HttpStatusCode.OK, other.Status);
        Assert.Equal(HttpStatusCode.OK, third.Status);
        if (fault == "429")
        {
            Assert.Equal(0, first.HeaderLong("x-rate-limit-remaining"));
            Assert.Equal(TestSandbox.Start.ToUnixTimeSeconds() + 900, first.HeaderLong("x-rate-limit-reset"));
        }
    }

    [Fact]
    public async Task Hang_never_answers_until_the_client_gives_up()
    {
        await _sandbox.Admin.AddFaultAsync("GET /2/users/me", "hang");
        using var request = new HttpRequestMessage(HttpMethod.Get, "2/users/me");
        request.Headers.Authorization = new("Bearer", _token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _sandbox.Http.SendAsync(request, timeout.Token));
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.GetAsync("2/users/me", _token)).Status);
    }

    [Fact]
    public async Task Malformed_answers_200_with_a_body_that_is_not_json()
    {
        await _sandbox.Admin.AddFaultAsync("GET /2/users/:id/following", "malformed");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"2/users/{DemoAccounts.Mira.Id}/following");
        request.Headers.Authorization = new("Bearer", _token);
        using var response = await _sandbox.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task Truncated_drops_the_connection_mid_body_after_the_real_side_effect()
    {
        var target = DemoAccounts.Quinn.Id;
        await _sandbox.Admin.AddFaultAsync("POST /2/users/:id/following", "truncated");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"2/users/{DemoAccounts.Mira.Id}/following")
        {
            Content = JsonContent(new { target_user_id = target }),
        };
        request.Headers.Authorization = new("Bearer", _token);

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await _sandbox.Http.SendAsync(request);
            await response.Content.ReadAsStringAsync();
        });

        Assert.Equal(target, (await _sandbox.Admin.FollowingAsync(DemoAccounts.Mira.Id))[0]);
    }

    [Fact]
    public async Task Token_endpoint_can_fail_too()
    {
        await _sandbox.Admin.AddFaultAsync("POST /2/oauth2/token", "503");
        var (status, _) = await _sandbox.TokenAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = "x" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
    }

    [Fact]
    public async Task Clearing_faults_removes_pending_ones_and_bad_requests_are_refused()
    {
        await _sandbox.Admin.AddFaultAsync("GET /2/users/me", "500", 5);
        Assert.Equal(5, (await _sandbox.GetAsync("_sandbox/faults", null)).Body.GetProperty("faults")[0].GetProperty("remaining").GetInt32());

        var cleared = await _sandbox.SendAsync(HttpMethod.Delete, "_sandbox/faults", null);
        Assert.Equal(0, cleared.Body.GetProperty("faults").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.GetAsync("2/users/me", _token)).Status);

        Assert.Equal(HttpStatusCode.BadRequest, (await _sandbox.SendAsync(HttpMethod.Post, "_sandbox/faults", null, new { route = "GET /2/nope", fault = "500" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _sandbox.SendAsync(HttpMethod.Post, "_sandbox/faults", null, new { route = "GET /2/users/me", fault = "teapot" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _sandbox.SendAsync(HttpMethod.Post, "_sandbox/faults", null, new { route = "GET /2/users/me", fault = "500", count = 0 })).Status);
    }

    private static StringContent JsonContent(object value) =>
        new(JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");
}
