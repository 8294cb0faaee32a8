using System.Net;
using System.Text;
using AutoDmGuard.XApi.Tests.Infrastructure;

namespace AutoDmGuard.XApi.Tests.OAuth;

public sealed class XOAuthClientTests
{
    [Fact]
    public async Task Code_exchange_of_a_confidential_client_uses_http_basic_and_the_pkce_form()
    {
        using var x = StubbedXApi.Create(o => o.ClientSecret = "s3cret");
        x.Handler.RespondJson("token.json");

        var token = await x.OAuth.ExchangeCodeAsync("code-1", "http://127.0.0.1:5000/signin-x", "verifier-1");

        Assert.Equal("YWNjZXNzLWRlbW8tMTp1c2VyLTE2MDAwMDAwMDAwMDAwMDAwMDE", token.AccessToken);
        Assert.Equal("cmVmcmVzaC1kZW1vLTE6dXNlci0xNjAwMDAwMDAwMDAwMDAwMDAx", token.RefreshToken);
        Assert.Equal(7200, token.ExpiresIn);
        Assert.Equal("bearer", token.TokenType);
        Assert.Contains("offline.access", token.GrantedScopes);
        var request = Assert.Single(x.Handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://api.x.test/2/oauth2/token", request.Uri.ToString());
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("client-1:s3cret")), request.Authorization);
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal("authorization_code", request.Form("grant_type"));
        Assert.Equal("code-1", request.Form("code"));
        Assert.Equal("http://127.0.0.1:5000/signin-x", request.Form("redirect_uri"));
        Assert.Equal("verifier-1", request.Form("code_verifier"));
        Assert.Null(request.Form("client_id"));
    }

    [Fact]
    public async Task Public_client_sends_client_id_in_the_body_and_no_authorization_header()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("token_no_refresh.json");

        var token = await x.OAuth.RefreshAsync("refresh-1");

        Assert.Null(token.RefreshToken);
        var request = Assert.Single(x.Handler.Requests);
        Assert.Null(request.Authorization);
        Assert.Equal("client-1", request.Form("client_id"));
        Assert.Equal("refresh_token", request.Form("grant_type"));
        Assert.Equal("refresh-1", request.Form("refresh_token"));
    }

    [Fact]
    public async Task Revoke_posts_the_token_and_its_type_hint()
    {
        using var x = StubbedXApi.Create(o => o.ClientSecret = "s3cret");
        x.Handler.Respond(HttpStatusCode.OK, """{"revoked":true}""", "application/json");

        await x.OAuth.RevokeAsync("access-1", "access_token");

        var request = Assert.Single(x.Handler.Requests);
        Assert.Equal("/2/oauth2/revoke", request.Uri.AbsolutePath);
        Assert.Equal("access-1", request.Form("token"));
        Assert.Equal("access_token", request.Form("token_type_hint"));
        Assert.StartsWith("Basic ", request.Authorization, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oauth_invalid_code.json", HttpStatusCode.BadRequest, "invalid_request", "Value passed for the authorization code was invalid.")]
    [InlineData("oauth_invalid_refresh.json", HttpStatusCode.BadRequest, "invalid_request", "Value passed for the token was invalid.")]
    [InlineData("oauth_unauthorized_client.json", HttpStatusCode.Unauthorized, "unauthorized_client", "Missing valid authorization header")]
    public async Task Token_endpoint_errors_become_XOAuthException(string fixture, HttpStatusCode status, string error, string description)
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson(fixture, status);

        var ex = await Assert.ThrowsAsync<XOAuthException>(() => x.OAuth.RefreshAsync("refresh-1"));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(error, ex.Error);
        Assert.Equal(description, ex.ErrorDescription);
        Assert.DoesNotContain("refresh-1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_endpoint_429_problem_is_a_rate_limit_not_an_oauth_error()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("error_429_problem.json", HttpStatusCode.TooManyRequests, new Dictionary<string, string> { ["x-rate-limit-reset"] = "1770712212" });

        var ex = await Assert.ThrowsAsync<XRateLimitedException>(() => x.OAuth.ExchangeCodeAsync("c", "http://127.0.0.1/cb", "v"));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1770712212), ex.ResetAt);
    }

    [Fact]
    public async Task Token_response_without_access_token_is_malformed()
    {
        using var x = StubbedXApi.Create();
        x.Handler.Respond(HttpStatusCode.OK, """{"token_type":"bearer","expires_in":7200}""", "application/json");

        await Assert.ThrowsAsync<XApiMalformedResponseException>(() => x.OAuth.RefreshAsync("refresh-1"));
    }

    [Fact]
    public async Task Missing_client_id_is_a_clear_configuration_error()
    {
        using var x = StubbedXApi.Create(o => o.ClientId = null);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => x.OAuth.RefreshAsync("refresh-1"));

        Assert.Contains("X:ClientId", ex.Message, StringComparison.Ordinal);
        Assert.Empty(x.Handler.Requests);
    }

    [Fact]
    public void Token_response_ToString_never_prints_tokens()
    {
        var token = new XTokenResponse("access-secret", "refresh-secret", 7200, "dm.read", "bearer");

        var text = token.ToString();

        Assert.DoesNotContain("access-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("refresh-secret", text, StringComparison.Ordinal);
        Assert.Contains("ExpiresIn = 7200", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_uri_carries_client_scopes_state_and_s256_challenge()
    {
        using var x = StubbedXApi.Create(o => o.AuthorizeEndpoint = new Uri("http://127.0.0.1:9999/i/oauth2/authorize"));

        var uri = x.OAuth.BuildAuthorizeUri("http://127.0.0.1:5000/signin-x", "state-1", "challenge-1");

        var query = new RecordedRequest(HttpMethod.Get, uri, null, null, null);
        Assert.Equal("/i/oauth2/authorize", uri.AbsolutePath);
        Assert.Equal("code", query.Query("response_type"));
        Assert.Equal("client-1", query.Query("client_id"));
        Assert.Equal("http://127.0.0.1:5000/signin-x", query.Query("redirect_uri"));
        Assert.Equal("tweet.read users.read dm.read follows.read follows.write mute.write offline.access", query.Query("scope"));
        Assert.Equal("state-1", query.Query("state"));
        Assert.Equal("challenge-1", query.Query("code_challenge"));
        Assert.Equal("S256", query.Query("code_challenge_method"));
    }

    [Fact]
    public void Pkce_challenge_matches_the_rfc_7636_example()
    {
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", XPkce.CreateChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    [Fact]
    public void Pkce_verifiers_are_43_url_safe_characters_and_differ()
    {
        var verifiers = Enumerable.Range(0, 50).Select(_ => XPkce.CreateVerifier()).ToList();

        Assert.All(verifiers, v => Assert.Matches("^[A-Za-z0-9_-]{43}$", v));
        Assert.Equal(50, verifiers.Distinct(StringComparer.Ordinal).Count());
    }
}
