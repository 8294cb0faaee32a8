using System.Net;
using AutoDmGuard.XApi.Tests.Infrastructure;

namespace AutoDmGuard.XApi.Tests.Client;

public sealed class XApiResilienceTests
{
    [Fact]
    public async Task Read_is_retried_after_503_and_succeeds()
    {
        using var x = StubbedXApi.Create();
        x.Handler.Respond(HttpStatusCode.ServiceUnavailable, "{}", "application/json").RespondJson("dm_events_page.json");

        var page = await x.Client.GetDmEventsPageAsync(StubbedXApi.Token, new XDmEventsQuery());

        Assert.Equal(2, page.Data.Count);
        Assert.Equal(2, x.Handler.Requests.Count);
    }

    [Fact]
    public async Task Read_gives_up_after_the_configured_retries_with_the_last_status()
    {
        using var x = StubbedXApi.Create(o => o.MaxRetryAttempts = 2);
        for (var i = 0; i < 3; i++)
        {
            x.Handler.RespondJson("error_500.json", HttpStatusCode.InternalServerError);
        }

        var ex = await Assert.ThrowsAsync<XApiException>(() => x.Client.GetMeAsync(StubbedXApi.Token));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Equal("Internal Server Error", ex.Title);
        Assert.Equal(3, x.Handler.Requests.Count);
    }

    [Fact]
    public async Task Unfollow_is_never_retried_after_503()
    {
        using var x = StubbedXApi.Create();
        x.Handler.Respond(HttpStatusCode.ServiceUnavailable, "{}", "application/json").RespondJson("unfollow.json");

        var ex = await Assert.ThrowsAsync<XApiException>(
            () => x.Client.UnfollowAsync(StubbedXApi.Token, "1600000000000000001", "1600000000000000002"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Single(x.Handler.Requests);
    }

    [Fact]
    public async Task Follow_and_token_refresh_are_never_retried_after_503()
    {
        using var x = StubbedXApi.Create();
        x.Handler.Respond(HttpStatusCode.ServiceUnavailable, "{}", "application/json")
            .Respond(HttpStatusCode.ServiceUnavailable, "{}", "application/json")
            .RespondJson("follow.json").RespondJson("token.json");

        await Assert.ThrowsAsync<XApiException>(() => x.Client.FollowAsync(StubbedXApi.Token, "1600000000000000001", "1600000000000000002"));
        await Assert.ThrowsAsync<XApiException>(() => x.OAuth.RefreshAsync("refresh-1"));

        Assert.Equal(2, x.Handler.Requests.Count);
    }

    [Fact]
    public async Task Read_that_hangs_times_out_per_attempt_and_is_retried()
    {
        using var x = StubbedXApi.Create(o => o.AttemptTimeout = StubbedXApi.HangAttemptTimeout);
        x.Handler.Hang().RespondJson("users_me.json");

        var me = await x.Client.GetMeAsync(StubbedXApi.Token);

        Assert.Equal("demo_account", me.Data!.Username);
        Assert.Equal(2, x.Handler.Requests.Count);
    }

    [Fact]
    public async Task Write_that_hangs_becomes_XApiTimeoutException_without_a_retry()
    {
        using var x = StubbedXApi.Create(o => o.AttemptTimeout = StubbedXApi.HangAttemptTimeout);
        x.Handler.Hang().RespondJson("unfollow.json");

        await Assert.ThrowsAsync<XApiTimeoutException>(
            () => x.Client.UnfollowAsync(StubbedXApi.Token, "1600000000000000001", "1600000000000000002"));

        Assert.Single(x.Handler.Requests);
    }

    [Fact]
    public async Task Read_that_always_hangs_ends_at_the_total_timeout()
    {
        // The most retries the options allow (10, so 11 attempts), and a total budget of exactly 10 attempt timeouts:
        // all 11 attempts cannot fit, so only the total timeout can end the call. The budget used to be 700 ms for
        // 300 ms attempts; with the thread pool stalled on a loaded machine both timers came due together and the
        // total one could win before any retry.
        const int maxRetries = 10;
        using var x = StubbedXApi.Create(o =>
        {
            o.AttemptTimeout = StubbedXApi.HangAttemptTimeout;
            o.TotalRequestTimeout = StubbedXApi.HangAttemptTimeout * maxRetries;
            o.MaxRetryAttempts = maxRetries;
        });
        for (var i = 0; i <= maxRetries; i++)
        {
            x.Handler.Hang();
        }

        await Assert.ThrowsAsync<XApiTimeoutException>(() => x.Client.GetMeAsync(StubbedXApi.Token));

        // Retried after the first attempt timed out; and each hung attempt lasts at least one attempt timeout (plus a
        // retry delay), so at most 10 of the 11 allowed attempts start before the total timeout.
        Assert.InRange(x.Handler.Requests.Count, 2, maxRetries);
    }

    [Fact]
    public async Task Caller_cancellation_surfaces_as_OperationCanceledException_not_a_timeout()
    {
        // The default (generous) attempt timeout: the caller cancels long before it could fire, even on a stalled machine.
        using var x = StubbedXApi.Create();
        x.Handler.Hang();
        using var cts = new CancellationTokenSource();

        var call = x.Client.GetMeAsync(StubbedXApi.Token, cts.Token);
        await WaitForRequestsAsync(x.Handler, 1);
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Single(x.Handler.Requests);
    }

    [Fact]
    public void Retry_predicate_never_retries_429_but_retries_5xx_and_408()
    {
        static bool Retryable(HttpStatusCode status) =>
            XApiServiceCollectionExtensions.IsRetryable(Polly.Outcome.FromResult(new HttpResponseMessage(status)));

        Assert.False(Retryable(HttpStatusCode.TooManyRequests));
        Assert.False(Retryable(HttpStatusCode.Unauthorized));
        Assert.False(Retryable(HttpStatusCode.OK));
        Assert.True(Retryable(HttpStatusCode.ServiceUnavailable));
        Assert.True(Retryable(HttpStatusCode.InternalServerError));
        Assert.True(Retryable(HttpStatusCode.RequestTimeout));
    }

    private static async Task WaitForRequestsAsync(StubHandler handler, int count)
    {
        // Waits for the request to reach the handler (an event, not a timing guess); bounded so a bug fails instead of hanging.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (handler.Requests.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }
}
