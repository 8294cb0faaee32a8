using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using AutoDmGuard.XApi.Internal;
using Microsoft.Extensions.Logging;

namespace AutoDmGuard.XApi;

/// <summary><see cref="IXApiClient"/> over an HttpClient from IHttpClientFactory (base address and resilience set by AddXApi).</summary>
public sealed partial class XApiClient(HttpClient http, TimeProvider clock, ILogger<XApiClient> logger) : IXApiClient
{
    /// <summary>X's maximum page size for following lists; the app reads whole lists, so fewer calls is better.</summary>
    public const int DefaultFollowingPageSize = 1000;

    /// <inheritdoc />
    public async Task<XResponse<XUser>> GetMeAsync(string accessToken, CancellationToken cancellationToken = default)
    {
        var route = $"{XApiRoutes.UsersMe}?user.fields={Escape(XDmEventsQuery.DefaultUserFields)}";
        var response = await SendAsync(HttpMethod.Get, route, accessToken, null, XApiJsonContext.Default.XResponseXUser, cancellationToken);
        return RequireData(response, route);
    }

    /// <inheritdoc />
    public Task<XListResponse<XUser>> GetUsersAsync(string accessToken, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count is 0 or > 100)
        {
            throw new ArgumentException("Between 1 and 100 user ids are required.", nameof(ids));
        }

        foreach (var id in ids)
        {
            RequireId(id, nameof(ids));
        }

        var route = $"{XApiRoutes.Users}?ids={string.Join(',', ids)}&user.fields={Escape(XDmEventsQuery.DefaultUserFields)}";
        return SendAsync(HttpMethod.Get, route, accessToken, null, XApiJsonContext.Default.XListResponseXUser, cancellationToken);
    }

    /// <inheritdoc />
    public Task<XListResponse<XDmEvent>> GetDmEventsPageAsync(string accessToken, XDmEventsQuery query, CancellationToken cancellationToken = default) =>
        GetDmPageAsync(accessToken, XApiRoutes.DmEvents, query, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<XListResponse<XDmEvent>> GetDmEventPagesAsync(string accessToken, XDmEventsQuery query, CancellationToken cancellationToken = default) =>
        GetDmPagesAsync(accessToken, XApiRoutes.DmEvents, query, cancellationToken);

    /// <inheritdoc />
    public Task<XListResponse<XDmEvent>> GetDmConversationWithEventsPageAsync(
        string accessToken, string participantId, XDmEventsQuery query, CancellationToken cancellationToken = default) =>
        GetDmPageAsync(accessToken, XApiRoutes.DmConversationWith(RequireId(participantId, nameof(participantId))), query, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<XListResponse<XDmEvent>> GetDmConversationWithEventPagesAsync(
        string accessToken, string participantId, XDmEventsQuery query, CancellationToken cancellationToken = default) =>
        GetDmPagesAsync(accessToken, XApiRoutes.DmConversationWith(RequireId(participantId, nameof(participantId))), query, cancellationToken);

    /// <inheritdoc />
    public Task<XListResponse<XDmEvent>> GetDmConversationEventsPageAsync(
        string accessToken, string dmConversationId, XDmEventsQuery query, CancellationToken cancellationToken = default) =>
        GetDmPageAsync(accessToken, XApiRoutes.DmConversation(RequireConversationId(dmConversationId)), query, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<XListResponse<XDmEvent>> GetDmConversationEventPagesAsync(
        string accessToken, string dmConversationId, XDmEventsQuery query, CancellationToken cancellationToken = default) =>
        GetDmPagesAsync(accessToken, XApiRoutes.DmConversation(RequireConversationId(dmConversationId)), query, cancellationToken);

    /// <inheritdoc />
    public Task<XListResponse<XUser>> GetFollowingPageAsync(
        string accessToken, string userId, string? paginationToken = null, int? maxResults = null, CancellationToken cancellationToken = default)
    {
        var size = maxResults ?? DefaultFollowingPageSize;
        if (size is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxResults), size, "X allows 1 to 1000 users per following page.");
        }

        var route = new StringBuilder(XApiRoutes.Following(RequireId(userId, nameof(userId))))
            .Append(CultureInfo.InvariantCulture, $"?max_results={size}&user.fields={Escape(XDmEventsQuery.DefaultUserFields)}");
        if (!string.IsNullOrEmpty(paginationToken))
        {
            route.Append("&pagination_token=").Append(Escape(paginationToken));
        }

        return SendAsync(HttpMethod.Get, route.ToString(), accessToken, null, XApiJsonContext.Default.XListResponseXUser, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<XListResponse<XUser>> GetFollowingPagesAsync(
        string accessToken, string userId, int? maxResults = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var page = await GetFollowingPageAsync(accessToken, userId, token, maxResults, cancellationToken);
            yield return page;
            token = NextToken(page, seen, XApiRoutes.Following(userId));
        }
        while (token is not null);
    }

    /// <inheritdoc />
    public async Task<XResponse<XFollowResult>> FollowAsync(
        string accessToken, string sourceUserId, string targetUserId, CancellationToken cancellationToken = default)
    {
        var route = XApiRoutes.Following(RequireId(sourceUserId, nameof(sourceUserId)));
        var body = JsonContent.Create(new XTargetUserRequest(RequireId(targetUserId, nameof(targetUserId))), XApiJsonContext.Default.XTargetUserRequest);
        return RequireData(
            await SendAsync(HttpMethod.Post, route, accessToken, body, XApiJsonContext.Default.XResponseXFollowResult, cancellationToken), route);
    }

    /// <inheritdoc />
    public async Task<XResponse<XFollowResult>> UnfollowAsync(
        string accessToken, string sourceUserId, string targetUserId, CancellationToken cancellationToken = default)
    {
        var route = XApiRoutes.FollowingTarget(RequireId(sourceUserId, nameof(sourceUserId)), RequireId(targetUserId, nameof(targetUserId)));
        return RequireData(
            await SendAsync(HttpMethod.Delete, route, accessToken, null, XApiJsonContext.Default.XResponseXFollowResult, cancellationToken), route);
    }

    /// <inheritdoc />
    public async Task<XResponse<XMuteResult>> MuteAsync(
        string accessToken, string sourceUserId, string targetUserId, CancellationToken cancellationToken = default)
    {
        var route = XApiRoutes.Muting(RequireId(sourceUserId, nameof(sourceUserId)));
        var body = JsonContent.Create(new XTargetUserRequest(RequireId(targetUserId, nameof(targetUserId))), XApiJsonContext.Default.XTargetUserRequest);
        return RequireData(
            await SendAsync(HttpMethod.Post, route, accessToken, body, XApiJsonContext.Default.XResponseXMuteResult, cancellationToken), route);
    }

    /// <inheritdoc />
    public async Task<XResponse<XMuteResult>> UnmuteAsync(
        string accessToken, string sourceUserId, string targetUserId, CancellationToken cancellationToken = default)
    {
        var route = XApiRoutes.MutingTarget(RequireId(sourceUserId, nameof(sourceUserId)), RequireId(targetUserId, nameof(targetUserId)));
        return RequireData(
            await SendAsync(HttpMethod.Delete, route, accessToken, null, XApiJsonContext.Default.XResponseXMuteResult, cancellationToken), route);
    }

    private Task<XListResponse<XDmEvent>> GetDmPageAsync(string accessToken, string path, XDmEventsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.MaxResults is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.MaxResults, "X allows 1 to 100 DM events per page.");
        }

        var route = new StringBuilder(path)
            .Append(CultureInfo.InvariantCulture, $"?max_results={query.MaxResults}")
            .Append("&dm_event.fields=").Append(Escape(query.DmEventFields))
            .Append("&expansions=").Append(Escape(query.Expansions))
            .Append("&user.fields=").Append(Escape(query.UserFields));
        if (!string.IsNullOrEmpty(query.EventTypes))
        {
            route.Append("&event_types=").Append(Escape(query.EventTypes));
        }

        if (!string.IsNullOrEmpty(query.PaginationToken))
        {
            route.Append("&pagination_token=").Append(Escape(query.PaginationToken));
        }

        return SendAsync(HttpMethod.Get, route.ToString(), accessToken, null, XApiJsonContext.Default.XListResponseXDmEvent, cancellationToken);
    }

    private async IAsyncEnumerable<XListResponse<XDmEvent>> GetDmPagesAsync(
        string accessToken, string path, XDmEventsQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var current = query;
        while (true)
        {
            var page = await GetDmPageAsync(accessToken, path, current, cancellationToken);
            yield return page;
            var token = NextToken(page, seen, path);
            if (token is null)
            {
                yield break;
            }

            current = current with { PaginationToken = token };
        }
    }

    private async Task<T> SendAsync<T>(
        HttpMethod method, string route, string accessToken, HttpContent? content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : XApiResponse
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        using var request = new HttpRequestMessage(method, route) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await XHttp.SendAsync(http, request, cancellationToken);
        var rateLimit = XRateLimit.FromHeaders(response.Headers);
        if (!response.IsSuccessStatusCode)
        {
            var error = await XHttp.ReadErrorAsync(request, response, rateLimit, clock, cancellationToken);
            LogCallFailed(logger, method, route, (int)response.StatusCode, error.ProblemType, rateLimit.Remaining, rateLimit.Reset);
            throw error;
        }

        var body = await XHttp.ReadJsonAsync(request, response, typeInfo, rateLimit, cancellationToken);
        body.RateLimit = rateLimit;
        LogCallSucceeded(logger, method, route, (int)response.StatusCode, body.Errors.Count, rateLimit.Remaining, rateLimit.Reset);
        return body;
    }

    private static XResponse<T> RequireData<T>(XResponse<T> response, string route)
        where T : class
    {
        if (response.Data is not null)
        {
            return response;
        }

        var first = response.Errors.Count > 0 ? response.Errors[0] : null;
        throw new XApiException(
            $"X API {route} returned no data{(first is null ? string.Empty : $": {first.Title}: {first.Detail}")}",
            System.Net.HttpStatusCode.OK, first, response.RateLimit);
    }

    private static string? NextToken<T>(XListResponse<T> page, HashSet<string> seen, string path)
    {
        var token = page.Meta.NextToken;
        if (string.IsNullOrEmpty(token) || page.Data.Count == 0)
        {
            return null;
        }

        return seen.Add(token)
            ? token
            : throw new XApiMalformedResponseException($"X API GET /{path} repeated pagination token; paging stopped to avoid a loop.");
    }

    private static string RequireId(string id, string parameterName) =>
        XSnowflake.IsValid(id) ? id : throw new ArgumentException($"'{id}' is not a numeric X id.", parameterName);

    private static string RequireConversationId(string id)
    {
        var dash = id?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        var valid = dash < 0
            ? XSnowflake.IsValid(id)
            : XSnowflake.IsValid(id![..dash]) && XSnowflake.IsValid(id[(dash + 1)..]);
        return valid ? id! : throw new ArgumentException($"'{id}' is not an X DM conversation id.", nameof(id));
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    [LoggerMessage(Level = LogLevel.Debug, Message = "X API {Method} {Route} -> {Status}; {ErrorCount} partial errors; rate limit remaining {Remaining}, reset {Reset}")]
    private static partial void LogCallSucceeded(ILogger logger, HttpMethod method, string route, int status, int errorCount, int? remaining, DateTimeOffset? reset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "X API {Method} {Route} -> {Status} ({ProblemType}); rate limit remaining {Remaining}, reset {Reset}")]
    private static partial void LogCallFailed(ILogger logger, HttpMethod method, string route, int status, string? problemType, int? remaining, DateTimeOffset? reset);
}
