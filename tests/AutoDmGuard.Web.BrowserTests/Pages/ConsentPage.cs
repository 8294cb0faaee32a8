using Microsoft.Playwright;

namespace AutoDmGuard.Web.BrowserTests.Pages;

/// <summary>The sandbox's "Authorize app" page (X's consent page in demo mode).</summary>
public sealed class ConsentPage(IPage page)
{
    public IPage Page { get; } = page;

    /// <summary>Picks the account to sign in as by its label (@username).</summary>
    public async Task<ConsentPage> ChooseAccountAsync(string username)
    {
        await Page.GetByLabel("@" + username, new() { Exact = true }).CheckAsync();
        return this;
    }

    /// <summary>Clicks "Authorize app" and returns to the app, signed in.</summary>
    public async Task<AppShell> AuthorizeAsync()
    {
        var consentOrigin = new Uri(Page.Url).GetLeftPart(UriPartial.Authority);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Authorize app" }).ClickAsync();
        // Back on the app (origins compared, not a string prefix: "http://127.0.0.1:4123" is a prefix of "http://127.0.0.1:41234").
        await Arrival.AtAsync(Page, "#signed-in-handle", url =>
            !string.Equals(new Uri(url).GetLeftPart(UriPartial.Authority), consentOrigin, StringComparison.Ordinal)
            && !url.Contains("/signin-x", StringComparison.Ordinal), "app, signed in");
        return new AppShell(Page);
    }

    /// <summary>Clicks "Cancel" and returns to the app's sign-in-failed page.</summary>
    public async Task<IPage> CancelAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Arrival.AtAsync(Page, "#sign-in-failed", url => url.Contains("/Account/SignInFailed", StringComparison.Ordinal), "sign-in-failed page");
        return Page;
    }
}
