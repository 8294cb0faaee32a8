using Microsoft.Playwright;

namespace AutoDmGuard.Web.BrowserTests.Pages;

/// <summary>The signed-out home page.</summary>
public sealed class LandingPage(IPage page)
{
    public IPage Page { get; } = page;

    public static async Task<LandingPage> OpenAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/");
        return new LandingPage(page);
    }

    public ILocator SignInButton => Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with X" });

    public ILocator SandboxLink => Page.GetByTestId("sandbox-link");

    /// <summary>Clicks "Sign in with X" and lands on X's (the sandbox's) consent page.</summary>
    public async Task<ConsentPage> SignInWithXAsync()
    {
        await SignInButton.ClickAsync();
        await Arrival.AtAsync(Page, "#consent", url => url.Contains("/i/oauth2/authorize", StringComparison.Ordinal), "consent page");
        return new ConsentPage(Page);
    }
}
