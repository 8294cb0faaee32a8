using Microsoft.Playwright;

namespace AutoDmGuard.Web.BrowserTests.Pages;

/// <summary>Any page of the signed-in app: the shared header (handle, Sign out), the demo banner and main.</summary>
public sealed class AppShell(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator SignedInHandle => Page.Locator("#signed-in-handle");

    public ILocator Main => Page.Locator("main");

    public ILocator ReauthorizeBanner => Page.Locator("#reauthorize-banner");

    public Task<string?> AccountIdAsync() => Main.GetAttributeAsync("data-account-id");

    public async Task<AppShell> GoToAsync(string path)
    {
        await Page.GotoAsync(path);
        return this;
    }

    /// <summary>Clicks the header's "Sign out" and lands on the landing page.</summary>
    public async Task<LandingPage> SignOutAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        var landing = new LandingPage(Page);
        await landing.SignInButton.WaitForAsync();
        return landing;
    }
}
