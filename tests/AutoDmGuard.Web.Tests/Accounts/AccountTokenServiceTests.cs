using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.XApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDmGuard.Web.Tests.Accounts;

public sealed class AccountTokenServiceTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Returns_the_stored_access_token_while_it_is_fresh()
    {
        using var user = await app.SignInAsync();
        var before = await StoredAsync(user.AccountId);

        var token = await app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync(user.AccountId, default));

        Assert.Equal(user.AccountId, await MeAsync(token));
        Assert.Equal(before.Version, (await StoredAsync(user.AccountId)).Version);
    }

    [Fact]
    public async Task Refreshes_shortly_before_expiry_and_saves_the_rotated_pair()
    {
        using var user = await app.SignInAsync();
        var oldAccess = await app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync(user.AccountId, default));
        var before = await StoredAsync(user.AccountId);
        var oldRefresh = Unprotect(user.AccountId, before.ProtectedRefreshToken!);

        app.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(4));
        var newAccess = await app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync(user.AccountId, default));

        var after = await StoredAsync(user.AccountId);
        Assert.NotEqual(oldAccess, newAccess);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddHours(2), after.AccessTokenExpiresAt);
        Assert.NotEqual(oldRefresh, Unprotect(user.AccountId, after.ProtectedRefreshToken!));
        Assert.Equal(user.AccountId, await MeAsync(newAccess));

        // X rotates: the old refresh token is spent.
        var spent = await Assert.ThrowsAsync<XOAuthException>(() => app.WithServiceAsync<IXOAuthClient, XTokenResponse>(o => o.RefreshAsync(oldRefresh)));
        Assert.Equal("invalid_request", spent.Error);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_refresh()
    {
        using var user = await app.SignInAsync();
        var before = await StoredAsync(user.AccountId);
        var refreshesBefore = app.XRequests.Count("POST /2/oauth2/token");
        app.Clock.Advance(TimeSpan.FromHours(2));

        // Separate scopes (separate DbContexts), like the worker and page requests.
        var tokens = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync(user.AccountId, default)))));

        Assert.Single(tokens.Distinct(StringComparer.Ordinal));
        Assert.Equal(refreshesBefore + 1, app.XRequests.Count("POST /2/oauth2/token"));
        Assert.Equal(before.Version + 1, (await StoredAsync(user.AccountId)).Version);
        Assert.False(await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == user.AccountId).Select(a => a.NeedsReauthorization).SingleAsync()));
        Assert.Equal(user.AccountId, await MeAsync(tokens[0]));
    }

    [Fact]
    public async Task Refresh_after_unauthorized_replaces_the_rejected_token_once()
    {
        using var user = await app.SignInAsync();
        var rejected = await app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync(user.AccountId, default));
        var before = await StoredAsync(user.AccountId);

        var first = await app.WithServiceAsync<AccountTokenService, string>(s => s.RefreshAfterUnauthorizedAsync(user.AccountId, rejected, default));
        var second = await app.WithServiceAsync<AccountTokenService, string>(s => s.RefreshAfterUnauthorizedAsync(user.AccountId, rejected, default));

        Assert.NotEqual(rejected, first);
        Assert.Equal(first, second);
        Assert.Equal(before.Version + 1, (await StoredAsync(user.AccountId)).Version);
    }

    [Fact]
    public async Task Refresh_after_the_user_revoked_the_app_flags_the_account_and_the_header_offers_reconnect()
    {
        using var user = await app.SignInAsync(app.Sandbox.SignableAccounts[1].Username);
        await app.SandboxAdmin.RevokeTokensAsync(user.AccountId);
        app.Clock.Advance(TimeSpan.FromHours(2));

        await Assert.ThrowsAsync<AccountNeedsReauthorizationException>(() =>
            app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync(user.AccountId, default)));

        var account = await app.WithDbAsync(db => db.Accounts.SingleAsync(a => a.Id == user.AccountId));
        Assert.True(account.NeedsReauthorization);
        Assert.NotNull(account.ReauthorizationReason);
        var home = await user.GetPageAsync("/");
        Assert.NotNull(HtmlForms.TextOfId(home, "reauthorize-banner"));
        Assert.Equal("Reconnect to X", HtmlForms.TextOfId(home, "reconnect-button"));

        // Later callers fail fast without asking X again.
        await Assert.ThrowsAsync<AccountNeedsReauthorizationException>(() =>
            app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync(user.AccountId, default)));

        // Reconnect = sign in again: the flag clears and tokens work.
        using var again = await app.SignInAsync(user.Username);
        Assert.False(await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == user.AccountId).Select(a => a.NeedsReauthorization).SingleAsync()));
        Assert.Null(HtmlForms.TextOfId(await again.GetPageAsync("/"), "reauthorize-banner"));
        var token = await app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync(user.AccountId, default));
        Assert.Equal(user.AccountId, await MeAsync(token));
    }

    [Fact]
    public async Task A_refresh_that_fails_for_a_passing_reason_keeps_the_account_and_its_tokens()
    {
        using var user = await app.SignInAsync();
        var before = await StoredAsync(user.AccountId);
        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.SandboxAdmin.AddFaultAsync("POST /2/oauth2/token", "503");
        try
        {
            var error = await Assert.ThrowsAnyAsync<XApiException>(() =>
                app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync(user.AccountId, default)));
            Assert.IsNotType<XOAuthException>(error);
        }
        finally
        {
            await app.SandboxAdmin.ClearFaultsAsync();
        }

        Assert.False(await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == user.AccountId).Select(a => a.NeedsReauthorization).SingleAsync()));
        Assert.Equal(before.Version, (await StoredAsync(user.AccountId)).Version);

        // X answered nothing, so the stored refresh token is still good.
        var token = await app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync(user.AccountId, default));
        Assert.Equal(user.AccountId, await MeAsync(token));
    }

    [Fact]
    public async Task Unknown_account_needs_authorization()
    {
        await Assert.ThrowsAsync<AccountNeedsReauthorizationException>(() =>
            app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync("999999999", default)));
    }

    private Task<AccountToken> StoredAsync(string accountId) =>
        app.WithDbAsync(db => db.AccountTokens.AsNoTracking().SingleAsync(t => t.AccountId == accountId));

    private string Unprotect(string accountId, string protectedToken) =>
        app.Services.GetRequiredService<AccountTokenProtector>().Unprotect(accountId, protectedToken);

    private async Task<string> MeAsync(string accessToken) =>
        (await app.WithServiceAsync<IXApiClient, XResponse<XUser>>(api => api.GetMeAsync(accessToken))).Data!.Id;
}
