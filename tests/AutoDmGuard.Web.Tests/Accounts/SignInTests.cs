using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Accounts;

public sealed class SignInTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Sign_in_creates_the_account_shows_the_handle_and_stores_tokens_encrypted()
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
}
