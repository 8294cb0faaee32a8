using System.Net;
using System.Text.Json;
using AutoDmGuard.XApiSandbox.Tests.Support;

namespace AutoDmGuard.XApiSandbox.Tests;

public sealed class OAuthTests : IAsyncLifetime
{
    private const string Verifier = "a-perfectly-fine-code-verifier-of-more-than-43-characters-0123";
    private TestSandbox _sandbox = null!;

    private static string Mira => DemoAccounts.Mira.Id;

    public async Task InitializeAsync() => _sandbox = await TestSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Consent_page_lists_client_scopes_and_signable_accounts_with_first_checked()
    {
        using var response = await _sandbox.Http.GetAsync(TestSandbox.AuthorizeQuery(challenge: TestSandbox.S256(Verifier), state: "<b>x</b>"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(TestSandbox.ConfidentialId, html, StringComparison.Ordinal);
        Assert.Contains("dm.read", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"account-{DemoAccounts.Mira.Username}\" value=\"{Mira}\" checked", html, StringComparison.Ordinal);
        Assert.Contains($"<label for=\"account-{DemoAccounts.Theo.Username}\">@{DemoAccounts.Theo.Username}</label>", html, StringComparison.Ordinal);
        Assert.Contains(">Authorize app</button>", html, StringComparison.Ordinal);
        Assert.Contains(">Cancel</button>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>x</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html.Replace(TestSandbox.RedirectUri, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_exchange_issues_bearer_tokens_that_work_on_users_me()
    {
        var location = await _sandbox.ConsentAsync(DemoAccounts.Theo.Id, challenge: TestSandbox.S256(Verifier), state: "abc 123");
        var query = TestSandbox.Query(location);
        Assert.StartsWith(TestSandbox.RedirectUri + "?", location.ToString(), StringComparison.Ordinal);
        Assert.Equal("abc 123", query["state"]);

        var (status, token) = await _sandbox.ExchangeAsync(query["code"], Verifier);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("bearer", token.GetProperty("token_type").GetString());
        Assert.Equal(7200, token.GetProperty("expires_in").GetInt32());
        Assert.Equal(TestSandbox.AllScopes, token.GetProperty("scope").GetString());
        Assert.False(string.IsNullOrEmpty(token.GetProperty("refresh_token").GetString()));
        var me = await _sandbox.GetAsync("2/users/me", token.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal(DemoAccounts.Theo.Username, me.Body.GetProperty("data").GetProperty("username").GetString());
    }

    [Fact]
    public async Task Public_client_with_plain_challenge_and_no_offline_access_gets_no_refresh_token()
    {
        var code = await _sandbox.CodeAsync(Mira, "challenge", clientId: TestSandbox.PublicId, scopes: "tweet.read users.read", method: "plain");
        var (status, token) = await _sandbox.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = TestSandbox.RedirectUri,
            ["code_verifier"] = "challenge", ["client_id"] = TestSandbox.PublicId,
        }, basicId: null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(token.TryGetProperty("refresh_token", out _));
        Assert.Equal(["token_type", "expires_in", "access_token", "scope"], token.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Wrong_verifier_is_rejected_with_the_invalid_code_body()
    {
        var code = await _sandbox.CodeAsync(Mira, Verifier);
        var (status, body) = await _sandbox.ExchangeAsync(code, Verifier + "x");
        AssertOAuthError(status, body, 400, "invalid_request", "Value passed for the authorization code was invalid.");
    }

    [Fact]
    public async Task Code_can_be_redeemed_only_once()
    {
        var code = await _sandbox.CodeAsync(Mira, Verifier);
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.ExchangeAsync(code, Verifier)).Status);

        var (status, body) = await _sandbox.ExchangeAsync(code, Verifier);
        AssertOAuthError(status, body, 400, "invalid_request", "Value passed for the authorization code was invalid.");
    }

    [Fact]
    public async Task Code_expires_after_30_seconds_of_sandbox_time()
    {
        var fresh = await _sandbox.CodeAsync(Mira, Verifier);
        _sandbox.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.ExchangeAsync(fresh, Verifier)).Status);

        var stale = await _sandbox.CodeAsync(Mira, Verifier);
        _sandbox.Clock.Advance(TimeSpan.FromSeconds(30));
        var (status, body) = await _sandbox.ExchangeAsync(stale, Verifier);
        AssertOAuthError(status, body, 400, "invalid_request", "Value passed for the authorization code was invalid.");
    }

    [Fact]
    public async Task Redirect_uri_must_match_at_token_time()
    {
        var code = await _sandbox.CodeAsync(Mira, Verifier);
        var (status, body) = await _sandbox.ExchangeAsync(code, Verifier, TestSandbox.RedirectUri + "/");
        AssertOAuthError(status, body, 400, "invalid_request", "Value passed for the authorization code was invalid.");
    }

    [Theory]
    [InlineData("http://127.0.0.1:5999/callback/")]
    [InlineData("http://localhost:5999/callback")]
    public async Task Authorize_refuses_unregistered_redirect_uri_without_redirecting(string redirectUri)
    {
        using var response = await _sandbox.Http.GetAsync(TestSandbox.AuthorizeQuery(challenge: "c", redirectUri: redirectUri));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("redirect_uri", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("client_id=nobody", "client_id")]
    [InlineData("response_type=token", "response_type")]
    [InlineData("state=", "state")]
    [InlineData("code_challenge=", "code_challenge")]
    [InlineData("code_challenge_method=S512", "code_challenge")]
    [InlineData("scope=tweet.read%20not.a.scope", "scope")]
    public async Task Authorize_validates_its_parameters(string replace, string mentioned)
    {
        var name = replace.Split('=')[0];
        var query = string.Join('&', TestSandbox.AuthorizeQuery(challenge: "c").Split('&').Select(p => p.Split('=')[0].EndsWith(name, StringComparison.Ordinal) ? replace : p));
        using var response = await _sandbox.Http.GetAsync(query.StartsWith("i/", StringComparison.Ordinal) ? query : "i/oauth2/authorize?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(mentioned, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task State_longer_than_500_characters_is_refused()
    {
        using var ok = await _sandbox.Http.GetAsync(TestSandbox.AuthorizeQuery(challenge: "c", state: new string('s', 500)));
        using var tooLong = await _sandbox.Http.GetAsync(TestSandbox.AuthorizeQuery(challenge: "c", state: new string('s', 501)));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task Cancel_redirects_with_access_denied_and_state()
    {
        var location = await _sandbox.ConsentAsync(Mira, decision: "deny", challenge: "c", state: "keep-me");
        var query = TestSandbox.Query(location);
        Assert.Equal("access_denied", query["error"]);
        Assert.Equal("keep-me", query["state"]);
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task Bad_client_secret_gets_401_unauthorized_client()
    {
        var code = await _sandbox.CodeAsync(Mira, Verifier);
        var (status, body) = await _sandbox.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = TestSandbox.RedirectUri, ["code_verifier"] = Verifier,
        }, basicSecret: "wrong");
        AssertOAuthError(status, body, 401, "unauthorized_client", "Missing valid authorization header");
    }

    [Fact]
    public async Task Confidential_client_without_basic_header_gets_401_even_with_client_id()
    {
        var code = await _sandbox.CodeAsync(Mira, Verifier);
        var (status, body) = await _sandbox.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = TestSandbox.RedirectUri,
            ["code_verifier"] = Verifier, ["client_id"] = TestSandbox.ConfidentialId,
        }, basicId: null);
        AssertOAuthError(status, body, 401, "unauthorized_client", "Missing valid authorization header");
    }

    [Fact]
    public async Task Unknown_grant_type_is_unsupported()
    {
        var (status, body) = await _sandbox.TokenAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unsupported_grant_type", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Access_token_expires_after_two_hours_and_refresh_issues_a_working_one()
    {
        var tokens = await _sandbox.SignInAsync(Mira);
        var access = tokens.GetProperty("access_token").GetString();
        _sandbox.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.GetAsync("2/users/me", access)).Status);
        _sandbox.Clock.Advance(TimeSpan.FromSeconds(1));

        var expired = await _sandbox.GetAsync("2/users/me", access);
        AssertUnauthorized(expired);

        var (status, refreshed) = await Refresh(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.GetAsync("2/users/me", refreshed.GetProperty("access_token").GetString())).Status);
    }

    [Fact]
    public async Task Access_token_lifetime_is_configurable()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.AccessTokenLifetime = TimeSpan.FromMinutes(5));
        var tokens = await sandbox.SignInAsync(Mira);
        Assert.Equal(300, tokens.GetProperty("expires_in").GetInt32());
        sandbox.Clock.Advance(TimeSpan.FromMinutes(5));
        AssertUnauthorized(await sandbox.GetAsync("2/users/me", tokens.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task Refresh_rotates_and_the_spent_refresh_token_is_invalid()
    {
        var first = (await _sandbox.SignInAsync(Mira)).GetProperty("refresh_token").GetString()!;
        var (status, second) = await Refresh(first);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(first, second.GetProperty("refresh_token").GetString());

        var (reuseStatus, reuse) = await Refresh(first);
        AssertOAuthError(reuseStatus, reuse, 400, "invalid_request", "Value passed for the token was invalid.");
        Assert.Equal(HttpStatusCode.OK, (await Refresh(second.GetProperty("refresh_token").GetString()!)).Status);
    }

    [Fact]
    public async Task Revoked_access_token_gets_401()
    {
        var access = await _sandbox.AccessTokenAsync(Mira);
        using var revoke = await _sandbox.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "2/oauth2/revoke")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = access, ["client_id"] = TestSandbox.PublicId, ["token_type_hint"] = "access_token" }),
        });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.GetAsync("2/users/me", access)).Status); // another client cannot revoke it

        var (status, body) = await Revoke(access);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("revoked").GetBoolean());
        AssertUnauthorized(await _sandbox.GetAsync("2/users/me", access));
    }

    [Fact]
    public async Task Revoking_a_refresh_token_also_kills_its_access_tokens()
    {
        var tokens = await _sandbox.SignInAsync(Mira);
        await Revoke(tokens.GetProperty("refresh_token").GetString()!);
        AssertUnauthorized(await _sandbox.GetAsync("2/users/me", tokens.GetProperty("access_token").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await Refresh(tokens.GetProperty("refresh_token").GetString()!)).Status);
    }

    [Fact]
    public async Task Admin_revoke_kills_every_token_of_that_user_only()
    {
        var mira = await _sandbox.SignInAsync(Mira);
        var theo = await _sandbox.AccessTokenAsync(DemoAccounts.Theo.Id);

        var result = await _sandbox.SendAsync(HttpMethod.Post, $"_sandbox/users/{Mira}/revoke-tokens", null);

        Assert.Equal(2, result.Body.GetProperty("revoked_tokens").GetInt32());
        AssertUnauthorized(await _sandbox.GetAsync("2/users/me", mira.GetProperty("access_token").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await Refresh(mira.GetProperty("refresh_token").GetString()!)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.GetAsync("2/users/me", theo)).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Missing_or_unknown_bearer_token_gets_the_exact_401_body(string? header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "2/dm_events");
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }

        using var response = await _sandbox.Http.SendAsync(request);
        AssertUnauthorized(await ApiResponse.ReadAsync(response));
    }

    [Fact]
    public async Task Endpoints_enforce_granted_scopes_with_403()
    {
        var token = await _sandbox.AccessTokenAsync(Mira, "tweet.read users.read");

        Assert.Equal(HttpStatusCode.OK, (await _sandbox.GetAsync("2/users/me", token)).Status);
        var dms = await _sandbox.GetAsync("2/dm_events", token);
        Assert.Equal(HttpStatusCode.Forbidden, dms.Status);
        Assert.Equal("application/problem+json", dms.MediaType);
        Assert.Contains("dm.read", dms.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await _sandbox.GetAsync($"2/users/{Mira}/following", token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _sandbox.SendAsync(HttpMethod.Delete, $"2/users/{Mira}/following/{DemoAccounts.Theo.Id}", token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _sandbox.SendAsync(HttpMethod.Post, $"2/users/{Mira}/muting", token, new { target_user_id = DemoAccounts.Theo.Id })).Status);
    }

    [Fact]
    public async Task Clients_registered_after_start_can_sign_in()
    {
        _sandbox.Host.RegisterClient(new SandboxClient("late-client", "late-secret", ["http://127.0.0.1:6000/cb"]));
        using var page = await _sandbox.Http.GetAsync(TestSandbox.AuthorizeQuery("late-client", challenge: "c", redirectUri: "http://127.0.0.1:6000/cb"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static void AssertOAuthError(HttpStatusCode status, JsonElement body, int expectedStatus, string error, string description)
    {
        Assert.Equal(expectedStatus, (int)status);
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.Equal(description, body.GetProperty("error_description").GetString());
    }

    private static void AssertUnauthorized(ApiResponse response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("""{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}""", response.Text);
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> Refresh(string refreshToken) =>
        _sandbox.TokenAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    private async Task<(HttpStatusCode Status, JsonElement Body)> Revoke(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "2/oauth2/revoke")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{TestSandbox.ConfidentialId}:{TestSandbox.ConfidentialSecret}")));
        using var response = await _sandbox.Http.SendAsync(request);
        return (response.StatusCode, await TestSandbox.ReadJsonAsync(response));
    }
}
