using Microsoft.Playwright;

namespace AutoDmGuard.Web.BrowserTests.Pages;

/// <summary>
/// Waits until the browser shows a page, by an element only that page has, then checks its URL. Not WaitForURLAsync:
/// when the navigation had already committed by the time it was called (a fast redirect chain after a click), it waits
/// for the "load" lifecycle event, and on a loaded machine that event could arrive between Playwright's check and its
/// subscription and be missed: the test timed out on a page that was fully there ("networkidle" fired, "load" never seen).
/// A locator polls the DOM itself, so it cannot miss the page.
/// </summary>
internal static class Arrival
{
    public static async Task AtAsync(IPage page, string selectorOnlyThatPageHas, Func<string, bool> expectedUrl, string pageName)
    {
        await page.Locator(selectorOnlyThatPageHas).WaitForAsync();
        Assert.True(expectedUrl(page.Url), $"Expected the {pageName}, but the browser is at {page.Url}");
    }
}
