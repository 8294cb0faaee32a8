using AutoDmGuard.Web.BrowserTests.Infrastructure;
using AutoDmGuard.Web.BrowserTests.Pages;

namespace AutoDmGuard.Web.BrowserTests.Accounts;

public sealed class SignInBrowserTests(KestrelAppFactory app, BrowserFixture browser)
    : IClassFixture<KestrelAppFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Sign_in_with_X_shows_the_handle_and_sign_out_returns_to_the_landing_page()
    {
        var account = app.Sandbox.SignableAccounts[1];
        var page = await browser.NewPageAsync(app.BaseAddress);

        var landing = await LandingPage.OpenAsync(page);
        Assert.Equal(new Uri(app.Sandbox.BaseAddress, "_sandbox").AbsoluteUri, await landing.SandboxLink.GetAttributeAsync("href"));
        var consent = await landing.SignInWithXAsync();
        await consent.ChooseAccountAsync(account.Username);
        var home = await consent.AuthorizeAsync();

        Assert.Equal("@" + account.Username, await home.SignedInHandle.InnerTextAsync());
        Assert.Equal(account.Id, await home.AccountIdAsync());
        Assert.StartsWith(app.BaseAddress.AbsoluteUri, page.Url, StringComparison.Ordinal);

        var signedOut = await home.SignOutAsync();
        Assert.Equal(0, await signedOut.Page.Locator("#signed-in-handle").CountAsync());
        await signedOut.Page.GotoAsync("/Account");
        await Arrival.AtAsync(signedOut.Page, "#consent", url => url.Contains("/i/oauth2/authorize", StringComparison.Ordinal), "consent page");
    }

    [Fact]
    public async Task Cancel_on_the_consent_page_comes_back_signed_out_with_an_explanation()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);

        var consent = await (await LandingPage.OpenAsync(page)).SignInWithXAsync();
        var failed = await consent.CancelAsync();

        Assert.Contains("You cancelled on X", await failed.Locator("#sign-in-failed-reason").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await failed.Locator("#signed-in-handle").CountAsync());
    }
}
