using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AutoDmGuard.XApi.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.XApi;

/// <summary>
/// <see cref="IXOAuthClient"/> over HttpClient: form-encoded POSTs to /2/oauth2/token and /2/oauth2/revoke, HTTP Basic
/// for a confidential client (ClientSecret set), client_id in the body for a public one. Never retried (refresh tokens rotate).
/// </summary>
public sealed partial class XOAuthClient(HttpClient http, IOptions<XApiOptions> options, TimeProvider clock, ILogger<XOAuthClient> logger)
    : IXOAuthClient
{
    private readonly XApiOptions _options = options.Value;

    /// <inheritdoc />
    public Uri BuildAuthorizeUri(string redirectUri, string state, string codeChallenge)
    {
        ArgumentException.ThrowIfNullOrEmpty(redirectUri);
        ArgumentException.ThrowIfNullOrEmpty(state);
        ArgumentException.ThrowIfNullOrEmpty(codeChallenge);
        var query = new StringBuilder()
            .Append("response_type=code")
            .Append("&client_id=").Append(Uri.EscapeDataString(RequireClientId()))
            .Append("&redirect_uri=").Append(Uri.EscapeDataString(redirectUri))
            .Append("&scope=").Append(Uri.EscapeDataString(string.Join(' ', _options.Scopes)))
            .Append("&state=").Append(Uri.EscapeDataString(state))
            .Append("&code_challenge=").Append(Uri.EscapeDataString(codeChallenge))
            .Append("&code_challenge_method=S256");
        return new UriBuilder(_options.AuthorizeEndpoint) { Query = query.ToString() }.Uri;
    }

    /// <inheritdoc />
    public async Task<XTokenResponse> ExchangeCodeAsync(
        string code, string redirectUri, string codeVerifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentException.ThrowIfNullOrEmpty(redirectUri);
        ArgumentException.ThrowIfNullOrEmpty(codeVerifier);
        var token = await PostTokenAsync(
            [new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", redirectUri), new("code_verifier", codeVerifier)],
            cancellationToken);
        LogTokenIssued(logger, "authorization_code", token.ExpiresIn, token.Scope, token.RefreshToken is not null);
        return token;
    }

    /// <inheritdoc />
    public async Task<XTokenResponse> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        var token = await PostTokenAsync([new("grant_type", "refresh_token"), new("refresh_token", refreshToken)], cancellationToken);
        LogTokenIssued(logger, "refresh_token", token.ExpiresIn, token.Scope, token.RefreshToken is not null);
        return token;
    }

    /// <inheritdoc />
    public async Task RevokeAsync(string token, string? tokenTypeHint = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        List<KeyValuePair<string, string>> form = [new("token", token)];
        if (!string.IsNullOrEmpty(tokenTypeHint))
        {
            form.Add(new("token_type_hint", tokenTypeHint));
        }

        using var request = CreateRequest(XApiRoutes.Revoke, form);
        using var response = await XHttp.SendAsync(http, request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ReadOAuthErrorAsync(request, response, cancellationToken);
        }

        LogTokenRevoked(logger, tokenTypeHint ?? "unspecified");
    }

    private async Task<XTokenResponse> PostTokenAsync(List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(XApiRoutes.Token, form);
        using var response = await XHttp.SendAsync(http, request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ReadOAuthErrorAsync(request, response, cancellationToken);
        }

        var rateLimit = XRateLimit.FromHeaders(response.Headers);
        var token = await XHttp.ReadJsonAsync(request, response, XApiJsonContext.Default.XTokenResponse, rateLimit, cancellationToken);
        if (string.IsNullOrEmpty(token.AccessToken))
        {
            throw new XApiMalformedResponseException(
                $"X API {XHttp.Describe(request)} returned a token response without an access_token.",
                response.StatusCode, response.Content.Headers.ContentType?.MediaType, null, rateLimit, null);
        }

        return token;
    }

    private HttpRequestMessage CreateRequest(string route, List<KeyValuePair<string, string>> form)
    {
        var clientId = RequireClientId();
        var request = new HttpRequestMessage(HttpMethod.Post, route);
        if (string.IsNullOrEmpty(_options.ClientSecret))
        {
            form.Add(new("client_id", clientId));
        }
        else
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{_options.ClientSecret}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        }

        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private async Task<XApiException> ReadOAuthErrorAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var rateLimit = XRateLimit.FromHeaders(response.Headers);
        var body = await XHttp.ReadBodyTextAsync(response, cancellationToken);
        if (body.TrimStart().StartsWith('{'))
        {
            try
            {
                var error = JsonSerializer.Deserialize(body, XApiJsonContext.Default.XOAuthError);
                if (!string.IsNullOrEmpty(error?.Error))
                {
                    var status = response.StatusCode;
                    return new XOAuthException(
                        $"X API {XHttp.Describe(request)} returned {(int)status} {status}: {error.Error}: {error.ErrorDescription}".TrimEnd(' ', ':'),
                        status, error.Error, error.ErrorDescription, rateLimit);
                }
            }
            catch (JsonException)
            {
                // Not an RFC 6749 body; map it like any other API error below.
            }
        }

        return await XHttp.ReadErrorAsync(request, response, rateLimit, clock, cancellationToken);
    }

    private string RequireClientId() =>
        string.IsNullOrWhiteSpace(_options.ClientId)
            ? throw new InvalidOperationException($"{XApiOptions.Section}:{nameof(XApiOptions.ClientId)} is not configured.")
            : _options.ClientId;

    [LoggerMessage(Level = LogLevel.Information, Message = "X token issued by {GrantType}; expires in {ExpiresIn} s; scope {Scope}; refresh token {HasRefreshToken}")]
    private static partial void LogTokenIssued(ILogger logger, string grantType, int expiresIn, string? scope, bool hasRefreshToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "X token revoked (hint {TokenTypeHint})")]
    private static partial void LogTokenRevoked(ILogger logger, string tokenTypeHint);
}
