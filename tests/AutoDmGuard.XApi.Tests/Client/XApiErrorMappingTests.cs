using System.Net;
using AutoDmGuard.XApi.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AutoDmGuard.XApi.Tests.Client;

public sealed class XApiErrorMappingTests
{
    private static Task<XListResponse<XDmEvent>> ReadDms(StubbedXApi x) => x.Client.GetDmEventsPageAsync(StubbedXApi.Token, new XDmEventsQuery());

    [Fact]
    public async Task Status_401_becomes_XUnauthorizedException_with_problem_details()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("error_401.json", HttpStatusCode.Unauthorized, new Dictionary<string, string> { ["x-rate-limit-remaining"] = "3" });

        var ex = await Assert.ThrowsAsync<XUnauthorizedException>(() => ReadDms(x));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("about:blank", ex.ProblemType);
        Assert.Equal("Unauthorized", ex.Title);
        Assert.Equal(3, ex.RateLimit.Remaining);
        Assert.DoesNotContain(StubbedXApi.Token, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_403_becomes_XForbiddenException_with_the_problem_type_suffix()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("error_403_client_forbidden.json", HttpStatusCode.Forbidden);

        var ex = await Assert.ThrowsAsync<XForbiddenException>(() => ReadDms(x));

        Assert.Equal("client-forbidden", ex.ProblemType);
        Assert.Equal("Client Forbidden", ex.Title);
        Assert.Equal("client-not-enrolled", ex.Problem?.Reason);
    }

    [Fact]
    public async Task Status_404_becomes_XNotFoundException_with_the_missing_resource()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("error_404_resource_not_found.json", HttpStatusCode.NotFound);

        var ex = await Assert.ThrowsAsync<XNotFoundException>(
            () => x.Client.GetDmConversationWithEventsPageAsync(StubbedXApi.Token, "1600000000000000099", new XDmEventsQuery()));

        Assert.Equal("resource-not-found", ex.ProblemType);
        Assert.Equal("1600000000000000099", Assert.Single(ex.Problem!.Errors!).ResourceId);
    }

    [Fact]
    public async Task Status_400_invalid_request_keeps_status_type_title_detail_and_parameters()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("error_400_invalid_request.json", HttpStatusCode.BadRequest);

        var ex = await Assert.ThrowsAsync<XApiException>(() => ReadDms(x));

        Assert.Equal(typeof(XApiException), ex.GetType());
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("invalid-request", ex.ProblemType);
        Assert.Equal("Invalid Request", ex.Title);
        Assert.Equal("One or more parameters to your request was invalid.", ex.Detail);
        Assert.Equal("500", Assert.Single(ex.Problem!.Errors!).Parameters!.Value.GetProperty("max_results")[0].GetString());
        Assert.Single(x.Handler.Requests);
    }

    [Fact]
    public async Task Status_429_problem_body_gives_the_reset_from_the_header_and_is_not_retried()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("error_429_problem.json", HttpStatusCode.TooManyRequests, new Dictionary<string, string>
        {
            ["x-rate-limit-limit"] = "15", ["x-rate-limit-remaining"] = "0", ["x-rate-limit-reset"] = "1770712212",
        });

        var ex = await Assert.ThrowsAsync<XRateLimitedException>(() => ReadDms(x));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1770712212), ex.ResetAt);
        Assert.False(ex.ResetAtIsEstimate);
        Assert.Equal("about:blank", ex.ProblemType);
        Assert.Equal("Too Many Requests", ex.Detail);
        Assert.False(ex.IsUsageCap);
        Assert.Single(x.Handler.Requests);
    }

    [Fact]
    public async Task Status_429_v1_body_with_code_88_parses_too()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("error_429_v1.json", HttpStatusCode.TooManyRequests, new Dictionary<string, string> { ["x-rate-limit-reset"] = "1770712300" });

        var ex = await Assert.ThrowsAsync<XRateLimitedException>(() => ReadDms(x));

        Assert.Equal(88, Assert.Single(ex.Problem!.Errors!).Code);
        Assert.Equal("Rate limit exceeded", ex.Detail);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1770712300), ex.ResetAt);
    }

    [Fact]
    public async Task Status_429_reset_comes_from_an_exhausted_24_hour_cap_when_that_is_later()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("error_429_problem.json", HttpStatusCode.TooManyRequests, new Dictionary<string, string>
        {
            ["x-rate-limit-remaining"] = "9", ["x-rate-limit-reset"] = "1770712212",
            ["x-user-limit-24hour-remaining"] = "0", ["x-user-limit-24hour-reset"] = "1770790000",
        });

        var ex = await Assert.ThrowsAsync<XRateLimitedException>(() => ReadDms(x));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1770790000), ex.ResetAt);
        Assert.True(ex.RateLimit.IsExhausted);
    }

    [Fact]
    public async Task Status_429_usage_cap_is_flagged()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("error_429_usage_capped.json", HttpStatusCode.TooManyRequests, new Dictionary<string, string> { ["x-rate-limit-reset"] = "1770712212" });

        var ex = await Assert.ThrowsAsync<XRateLimitedException>(() => ReadDms(x));

        Assert.True(ex.IsUsageCap);
        Assert.Contains("Monthly product cap", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_429_without_any_reset_estimates_one_window_from_the_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 2, 10, 8, 0, 0, TimeSpan.Zero));
        using var x = StubbedXApi.Create(clock: clock);
        x.Handler.RespondJson("error_429_problem.json", HttpStatusCode.TooManyRequests);

        var ex = await Assert.ThrowsAsync<XRateLimitedException>(() => ReadDms(x));

        Assert.True(ex.ResetAtIsEstimate);
        Assert.Equal(new DateTimeOffset(2026, 2, 10, 8, 15, 0, TimeSpan.Zero), ex.ResetAt);
    }

    [Fact]
    public async Task Status_429_reset_can_come_from_the_body()
    {
        using var x = StubbedXApi.Create();
        x.Handler.Respond(HttpStatusCode.TooManyRequests,
            """{"title":"Too Many Requests","type":"about:blank","status":429,"reset":1770712999}""", "application/problem+json");

        var ex = await Assert.ThrowsAsync<XRateLimitedException>(() => ReadDms(x));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1770712999), ex.ResetAt);
        Assert.False(ex.ResetAtIsEstimate);
    }

    [Fact]
    public async Task Truncated_json_becomes_XApiMalformedResponseException_without_dm_text_in_the_message()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("dm_events_truncated.json");

        var ex = await Assert.ThrowsAsync<XApiMalformedResponseException>(() => ReadDms(x));

        Assert.Contains("invalid or truncated JSON", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("see you at 10", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(ex.InnerException);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
    }

    [Fact]
    public async Task Html_page_from_a_proxy_with_success_status_becomes_XApiMalformedResponseException()
    {
        using var x = StubbedXApi.Create();
        x.Handler.Respond(HttpStatusCode.OK, Fixture.Read("proxy_page.html"), "text/html");

        var ex = await Assert.ThrowsAsync<XApiMalformedResponseException>(() => ReadDms(x));

        Assert.Contains("non-JSON body (text/html)", ex.Message, StringComparison.Ordinal);
        Assert.Equal("text/html", ex.ContentType);
        Assert.StartsWith("<!DOCTYPE html>", ex.BodyExcerpt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_page_labelled_as_json_is_recognised_as_markup()
    {
        using var x = StubbedXApi.Create();
        x.Handler.Respond(HttpStatusCode.OK, Fixture.Read("proxy_page.html"), "application/json");

        var ex = await Assert.ThrowsAsync<XApiMalformedResponseException>(() => ReadDms(x));

        Assert.Contains("HTML/XML page instead of JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_error_page_on_a_write_becomes_XApiMalformedResponseException_with_its_status()
    {
        using var x = StubbedXApi.Create();
        x.Handler.Respond(HttpStatusCode.BadGateway, Fixture.Read("proxy_page.html"), "text/html");

        var ex = await Assert.ThrowsAsync<XApiMalformedResponseException>(
            () => x.Client.UnfollowAsync(StubbedXApi.Token, "1600000000000000001", "1600000000000000002"));

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Contains("HTML/XML page instead of JSON", ex.Message, StringComparison.Ordinal);
        Assert.Single(x.Handler.Requests);
    }

    [Fact]
    public async Task Json_with_a_wrong_type_is_malformed_not_a_raw_JsonException()
    {
        using var x = StubbedXApi.Create();
        x.Handler.Respond(HttpStatusCode.OK, """{"data":[{"id":"1","created_at":"yesterday-ish"}]}""", "application/json");

        var ex = await Assert.ThrowsAsync<XApiMalformedResponseException>(() => ReadDms(x));

        Assert.Contains("$.data[0].created_at", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_without_an_id_is_malformed()
    {
        using var x = StubbedXApi.Create();
        x.Handler.Respond(HttpStatusCode.OK, """{"data":[{"event_type":"MessageCreate","text":"x"}]}""", "application/json");

        await Assert.ThrowsAsync<XApiMalformedResponseException>(() => ReadDms(x));
    }

    [Fact]
    public async Task Empty_success_body_is_malformed()
    {
        using var x = StubbedXApi.Create();
        x.Handler.Respond(HttpStatusCode.OK, string.Empty, "application/json");

        await Assert.ThrowsAsync<XApiMalformedResponseException>(() => ReadDms(x));
    }
}
