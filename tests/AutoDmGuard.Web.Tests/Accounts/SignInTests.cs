using System.Net;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Accounts;

public sealed class SignInTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Sign_in_creates_the_account_shows_the_handle_and_stores_its_tokens()
    {
        var expected = app.Sandbox.SignableAccounts[1];
        using var user = await app.SignInAsync(expected.Username);

        var account = await app.WithDbAsync(db => db.Accounts.Include(a => a.Token).SingleAsync(a => a.Id == expected.Id));
        Assert.Equal(expected.Username, account.Username);
        Assert.Equal(expected.Name, account.Name);
        Assert.False(account.NeedsReauthorization);
        Assert.NotNull(account.Token);
        Assert.NotNull(account.Token.ProtectedRefreshToken);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddHours(2), account.Token.AccessTokenExpiresAt);
        Assert.Contains("dm.read", account.Token.Scope, StringComparison.Ordinal);
        Assert.Contains("offline.access", account.Token.Scope, StringComparison.Ordinal);

        var home = await user.GetPageAsync("/");
        Assert.Equal("@" + expected.Username, HtmlForms.TextOfId(home, "signed-in-handle"));
        Assert.Equal("Sign out", HtmlForms.TextOfId(home, "sign-out-button"));
    }

    [Fact]
    public async Task Signing_in_again_updates_the_same_account()
    {
        var expected = app.Sandbox.SignableAccounts[0];
        using (await app.SignInAsync(expected.Username))
        {
        }

        var firstVersion = await app.WithDbAsync(db => db.AccountTokens.Where(t => t.AccountId == expected.Id).Select(t => t.Version).SingleAsync());
        using var again = await app.SignInAsync(expected.Username);

        Assert.Equal(1, await app.WithDbAsync(db => db.Accounts.CountAsync(a => a.Id == expected.Id)));
        Assert.Equal(firstVersion + 1, await app.WithDbAsync(db => db.AccountTokens.Where(t => t.AccountId == expected.Id).Select(t => t.Version).SingleAsync()));
    }

    [Fact]
    public async Task Landing_page_offers_sign_in_to_signed_out_visitors()
    {
        using var client = app.CreateAppClient();
        var html = await client.GetPageAsync("/");

        Assert.Equal("Sign in with X", HtmlForms.TextOfId(html, "sign-in-button"));
        Assert.Null(HtmlForms.TextOfId(html, "signed-in-handle"));
        Assert.Equal("", HtmlForms.AttributeOfId(html, "main", "data-account-id"));
    }

    [Fact]
    public async Task Authorize_request_uses_PKCE_S256_the_X_scopes_the_callback_and_a_short_state()
    {
        using var client = app.CreateAppClient();
        using var start = await client.GetAsync(new Uri("/signin", UriKind.Relative));

        var query = QueryHelpers.ParseQuery(start.Headers.Location!.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(AppFactory.ClientId, query["client_id"]);
        Assert.Equal("http://localhost/signin-x", query["redirect_uri"]);
        Assert.Equal("tweet.read users.read dm.read follows.read follows.write mute.write offline.access", query["scope"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"].ToString().Length);
        // X accepts at most 500 characters of state (docs/x-api-client.md, OAuth state length).
        Assert.InRange(query["state"].ToString().Length, 32, 500);
    }

    [Fact]
    public async Task Sign_in_posted_from_the_landing_page_redirects_to_the_consent_page()
    {
        using var client = app.CreateAppClient();
        using var response = await client.PostFormAsync("/Account/SignIn", tokenFrom: "/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(new Uri(app.Sandbox.BaseAddress, "i/oauth2/authorize").AbsoluteUri, response.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_consent_says_so_and_signs_nobody_in()
    {
        var account = app.Sandbox.SignableAccounts[2];
        using var client = app.CreateAppClient();
        var callback = await app.ConsentAsync(client, account.Username, allow: false);
        Assert.Contains("error=access_denied", callback.Query, StringComparison.Ordinal);

        using var back = await client.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var failed = await client.GetPageAsync(back.Headers.Location!.OriginalString);

        Assert.Contains("You cancelled on X", HtmlForms.TextOfId(failed, "sign-in-failed-reason"), StringComparison.Ordinal);
        Assert.Null(HtmlForms.TextOfId(await client.GetPageAsync("/"), "signed-in-handle"));
        Assert.False(await app.WithDbAsync(db => db.Accounts.AnyAsync(a => a.Id == account.Id)));
    }

    [Fact]
    public async Task Sign_in_fails_cleanly_when_X_does_not_return_the_user()
    {
        var account = app.Sandbox.SignableAccounts[2];
        using var client = app.CreateAppClient();
        var callback = await app.ConsentAsync(client, account.Username, allow: true);
        await app.SandboxAdmin.AddFaultAsync("GET /2/users/me", "429");
        try
        {
            using var back = await client.GetAsync(callback);
            await AssertSignInFailedAsync(client, back);
        }
        finally
        {
            await app.SandboxAdmin.ClearFaultsAsync();
        }

        Assert.False(await app.WithDbAsync(db => db.Accounts.AnyAsync(a => a.Id == account.Id)));
    }

    [Fact]
    public async Task Tampered_state_is_rejected()
    {
        using var client = app.CreateAppClient();
        var callback = await app.ConsentAsync(client, app.Sandbox.SignableAccounts[0].Username, allow: true);
        var query = QueryHelpers.ParseQuery(callback.Query);
        var state = query["state"].ToString();
        // Change the first character to a different one: a state that already starts with the replacement would be untouched.
        var tampered = QueryHelpers.AddQueryString("/signin-x", new Dictionary<string, string?>
        {
            ["code"] = query["code"],
            ["state"] = (state[0] == 'A' ? "B" : "A") + state[1..],
        });

        using var back = await client.GetAsync(new Uri(tampered, UriKind.Relative));

        await AssertSignInFailedAsync(client, back, expected: StateNotFound);
    }

    [Fact]
    public async Task Reused_callback_is_rejected()
    {
        using var client = app.CreateAppClient();
        var account = app.Sandbox.SignableAccounts[0];
        var callback = await app.ConsentAsync(client, account.Username, allow: true);
        using (var first = await client.GetAsync(callback))
        {
            Assert.Equal("/", first.Headers.Location?.OriginalString);
        }

        var version = await app.WithDbAsync(db => db.AccountTokens.Where(t => t.AccountId == account.Id).Select(t => t.Version).SingleAsync());

        // The same browser, and one that never started this sign-in (an attacker holding the link).
        using var again = await client.GetAsync(callback);
        await AssertSignInFailedAsync(client, again, stillSignedIn: true, expected: StateNotFound);
        using var stranger = app.CreateAppClient();
        using var stolen = await stranger.GetAsync(callback);
        await AssertSignInFailedAsync(stranger, stolen, expected: StateNotFound);

        Assert.Equal(version, await app.WithDbAsync(db => db.AccountTokens.Where(t => t.AccountId == account.Id).Select(t => t.Version).SingleAsync()));
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        using var user = await app.SignInAsync();

        using var signOut = await user.SignOutAsync();

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var home = await user.GetPageAsync("/");
        Assert.Null(HtmlForms.TextOfId(home, "signed-in-handle"));
        using var account = await user.Client.GetAsync(new Uri("/Account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.StartsWith("http://localhost/Account/SignIn", account.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_without_antiforgery_token_is_refused_and_changes_nothing()
    {
        using var user = await app.SignInAsync();

        using var content = new FormUrlEncodedContent([]);
        using var response = await user.Client.PostAsync(new Uri("/Account/SignOut", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("@" + user.Username, HtmlForms.TextOfId(await user.GetPageAsync("/"), "signed-in-handle"));
    }

    [Fact]
    public async Task Pages_send_security_headers_and_cookies_are_HttpOnly_and_SameSite()
    {
        using var client = app.CreateAppClient();
        using var start = await client.GetAsync(new Uri("/signin", UriKind.Relative));
        var correlation = Assert.Single(start.Headers.GetValues("Set-Cookie"), c => c.StartsWith("autodmguard.correlation.", StringComparison.Ordinal));
        Assert.Contains("httponly", correlation, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", correlation, StringComparison.OrdinalIgnoreCase);

        var callback = await app.DecideOnConsentPageAsync(start.Headers.Location!, username: null, allow: true);
        using var back = await client.GetAsync(callback);
        var session = Assert.Single(back.Headers.GetValues("Set-Cookie"), c => c.StartsWith("autodmguard.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);

        using var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        var csp = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self' " + app.Sandbox.BaseAddress.GetLeftPart(UriPartial.Authority), csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
        Assert.DoesNotContain("<script>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_banner_links_to_the_sandbox_control_page()
    {
        using var client = app.CreateAppClient();
        var html = await client.GetPageAsync("/");

        Assert.Contains("Demo mode", HtmlForms.TextOfId(html, "demo-banner"), StringComparison.Ordinal);
        Assert.Equal(new Uri(app.Sandbox.BaseAddress, "_sandbox").AbsoluteUri, SandboxLink(html));
    }

    [Fact]
    public async Task Return_url_must_be_local()
    {
        using var client = app.CreateAppClient();
        using var start = await client.GetAsync(new Uri("/signin?returnUrl=https%3A%2F%2Fevil.example%2F", UriKind.Relative));
        var callback = await app.DecideOnConsentPageAsync(start.Headers.Location!, username: null, allow: true);
        using var back = await client.GetAsync(callback);

        Assert.Equal("/", back.Headers.Location?.OriginalString);
    }

    private static string? SandboxLink(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "<a data-testid=\"sandbox-link\" href=\"(?<href>[^\"]+)\"");
        return match.Success ? match.Groups["href"].Value : null;
    }

    /// <summary>What the page says when the callback's state is unknown, expired or used (a sign-in to start again).</summary>
    internal const string StateNotFound = "The sign-in took too long or was already used";

    internal static async Task AssertSignInFailedAsync(HttpClient client, HttpResponseMessage back, bool stillSignedIn = false, string expected = "could not be verified")
    {
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.StartsWith("/Account/SignInFailed", back.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var failed = await client.GetPageAsync(back.Headers.Location.OriginalString);
        Assert.Contains(expected, HtmlForms.TextOfId(failed, "sign-in-failed-reason"), StringComparison.Ordinal);
        if (!stillSignedIn)
        {
            Assert.Null(HtmlForms.TextOfId(await client.GetPageAsync("/"), "signed-in-handle"));
        }
    }
}
