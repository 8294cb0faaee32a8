using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AutoDmGuard.XApi.Internal;

/// <summary>Sending, body parsing and error mapping shared by the API and OAuth clients.</summary>
internal static class XHttp
{
    /// <summary>Without a reset time in the response, a 429 is assumed to last one 15-minute window.</summary>
    internal static readonly TimeSpan DefaultRateLimitWindow = TimeSpan.FromMinutes(15);

    private const int ExcerptLength = 200;

    /// <summary>Sends a request; transport failures and timeouts become <see cref="XApiException"/>s, caller cancellation stays an OperationCanceledException.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException ex)
        {
            throw new XApiTimeoutException(
                $"X API {Describe(request)} timed out after {ex.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.", ex);
        }
        catch (OperationCanceledException ex)
        {
            // HttpClient.Timeout (a backstop above the resilience pipeline's total timeout).
            throw new XApiTimeoutException($"X API {Describe(request)} timed out.", ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw new XApiException($"X API {Describe(request)} not sent: too many recent failures (circuit open).", ex);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ResponseEnded)
        {
            throw new XApiMalformedResponseException(
                $"X API {Describe(request)}: the response ended before it was complete (truncated).", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new XApiException($"X API {Describe(request)} failed: {ex.Message}", ex);
        }
    }

    /// <summary>Deserialises a success body; anything but the expected JSON becomes <see cref="XApiMalformedResponseException"/>.</summary>
    public static async Task<T> ReadJsonAsync<T>(
        HttpRequestMessage request, HttpResponseMessage response, JsonTypeInfo<T> typeInfo, XRateLimit rateLimit, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw await MalformedAsync(request, response, $"a non-JSON body ({mediaType})", rateLimit, null, cancellationToken);
        }

        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var value = await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken);
            return value ?? throw await MalformedAsync(request, response, "an empty or null JSON body", rateLimit, null, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw await MalformedAsync(request, response, $"invalid or truncated JSON ({ex.Message})", rateLimit, ex, cancellationToken);
        }
        catch (IOException ex)
        {
            throw await MalformedAsync(request, response, "a body that could not be read", rateLimit, ex, cancellationToken);
        }
    }

    /// <summary>Turns a non-success response into the typed exception for its status.</summary>
    public static async Task<XApiException> ReadErrorAsync(
        HttpRequestMessage request, HttpResponseMessage response, XRateLimit rateLimit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var body = await ReadBodyTextAsync(response, cancellationToken);
        var problem = TryParseProblem(body);
        var status = response.StatusCode;
        var summary = problem is null
            ? string.IsNullOrWhiteSpace(body) ? "with an empty body" : DescribeNonJson(response, body)
            : string.Join(": ", new[] { problem.Title, problem.Detail ?? (problem.Errors is { Count: > 0 } errors ? errors[0].Message : null) }.Where(s => !string.IsNullOrEmpty(s)));
        var message = $"X API {Describe(request)} returned {(int)status} {status} {summary}".TrimEnd();

        switch (status)
        {
            case HttpStatusCode.Unauthorized:
                return new XUnauthorizedException(message, status, problem, rateLimit);
            case HttpStatusCode.Forbidden:
                return new XForbiddenException(message, status, problem, rateLimit);
            case HttpStatusCode.NotFound:
                return new XNotFoundException(message, status, problem, rateLimit);
            case HttpStatusCode.TooManyRequests:
                var named = rateLimit.EffectiveReset ?? RetryAfter(response, clock) ?? ResetFromBody(body);
                var resetAt = named ?? clock.GetUtcNow().Add(DefaultRateLimitWindow);
                return new XRateLimitedException(
                    $"{message}; retry after {resetAt.ToString("u", CultureInfo.InvariantCulture)}", problem, rateLimit, resetAt, named is null);
            default:
                if (problem is null && !string.IsNullOrWhiteSpace(body))
                {
                    return new XApiMalformedResponseException(
                        message, status, response.Content.Headers.ContentType?.MediaType, Excerpt(body), rateLimit, null);
                }

                return new XApiException(message, status, problem, rateLimit);
        }
    }

    /// <summary>"GET /2/dm_events": method and path, never the query or headers.</summary>
    public static string Describe(HttpRequestMessage request) => $"{request.Method} {request.RequestUri?.AbsolutePath}";

    public static async Task<string> ReadBodyTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidOperationException)
        {
            return string.Empty;
        }
    }

    private static XProblem? TryParseProblem(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, XApiJsonContext.Default.XProblem);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<XApiMalformedResponseException> MalformedAsync(
        HttpRequestMessage request, HttpResponseMessage response, string what, XRateLimit rateLimit, Exception? inner, CancellationToken cancellationToken)
    {
        var body = await ReadBodyTextAsync(response, cancellationToken);
        if (what.StartsWith("invalid", StringComparison.Ordinal) && LooksLikeMarkup(body))
        {
            what = "an HTML/XML page instead of JSON (a proxy or error page?)";
        }

        var status = response.StatusCode;
        return new XApiMalformedResponseException(
            $"X API {Describe(request)} returned {(int)status} {status} with {what}; {body.Length} characters received.",
            status,
            response.Content.Headers.ContentType?.MediaType,
            Excerpt(body),
            rateLimit,
            inner);
    }

    private static string DescribeNonJson(HttpResponseMessage response, string body) =>
        LooksLikeMarkup(body)
            ? $"with an HTML/XML page instead of JSON ({response.Content.Headers.ContentType?.MediaType ?? "no content type"})"
            : $"with a body that is not JSON ({response.Content.Headers.ContentType?.MediaType ?? "no content type"})";

    private static bool LooksLikeMarkup(string body) => body.TrimStart().StartsWith('<');

    private static string Excerpt(string body) => body.Length <= ExcerptLength ? body : body[..ExcerptLength];

    private static DateTimeOffset? RetryAfter(HttpResponseMessage response, TimeProvider clock) =>
        response.Headers.RetryAfter switch
        {
            { Date: { } date } => date.ToUniversalTime(),
            { Delta: { } delta } => clock.GetUtcNow().Add(delta),
            _ => null,
        };

    /// <summary>Some 429 bodies name the reset: "reset" (epoch seconds) or "reset_at" (ISO-8601 or epoch), at the top or in errors[0].</summary>
    private static DateTimeOffset? ResetFromBody(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return FindReset(root)
                ?? (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
                    ? FindReset(errors[0])
                    : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DateTimeOffset? FindReset(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["reset", "reset_at", "x-rate-limit-reset"])
        {
            if (!element.TryGetProperty(name, out var value))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) && seconds > 0)
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                var text = value.GetString();
                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds > 0)
                {
                    return DateTimeOffset.FromUnixTimeSeconds(seconds);
                }

                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    return at.ToUniversalTime();
                }
            }
        }

        return null;
    }
}
