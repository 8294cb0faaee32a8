using Microsoft.Playwright;

namespace AutoDmGuard.Web.BrowserTests.Dashboard;

/// <summary>The senders list (the signed-in home): rows, their buttons, the status line with Undo.</summary>
public sealed class SendersPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Rows => Page.GetByTestId("flagged-sender");

    public ILocator Status => Page.GetByTestId("action-status");

    public ILocator UndoButton => Page.GetByRole(AriaRole.Button, new() { Name = "Undo", Exact = true });

    public ILocator Row(string senderId) => Page.Locator($"[data-testid='flagged-sender'][data-sender-id='{senderId}']");

    public ILocator Button(string senderId, string name) =>
        Row(senderId).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public static async Task<SendersPage> OpenAsync(IPage page, string path = "/")
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(path);
        return new SendersPage(page);
    }

    /// <summary>(sender id, handle) of every row, top first.</summary>
    public async Task<IReadOnlyList<(string SenderId, string Handle)>> RowsAsync()
    {
        var rows = new List<(string, string)>();
        foreach (var row in await Rows.AllAsync())
        {
            rows.Add((await row.GetAttributeAsync("data-sender-id") ?? "", await row.GetAttributeAsync("data-handle") ?? ""));
        }

        return rows;
    }

    /// <summary>Clicks Unfollow on a row and waits until the row is gone and Undo is offered.</summary>
    public async Task UnfollowAsync(string senderId)
    {
        await Button(senderId, "Unfollow").ClickAsync();
        await Row(senderId).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await UndoButton.WaitForAsync();
    }

    /// <summary>Clicks Undo and waits until the row is back.</summary>
    public async Task UndoAsync(string senderId)
    {
        await UndoButton.ClickAsync();
        await Row(senderId).WaitForAsync();
    }

    public async Task MarkNotAutomatedAsync(string senderId)
    {
        await Button(senderId, "Not automated").ClickAsync();
        await Row(senderId).WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    /// <summary>Presses Tab until the element with this id has focus (keyboard-only users do the same).</summary>
    public async Task TabToAsync(string elementId, int maxPresses = 300)
    {
        for (var i = 0; i < maxPresses; i++)
        {
            if (await FocusedIdAsync() == elementId)
            {
                return;
            }

            await Page.Keyboard.PressAsync("Tab");
        }

        throw new InvalidOperationException($"#{elementId} never got focus after {maxPresses} Tab presses (last: #{await FocusedIdAsync()}).");
    }

    public Task<string> FocusedIdAsync() => Page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.id : ''");

    /// <summary>The dashboard's elements that stick out past the right edge of the screen ("" when none do, even on a phone).</summary>
    public Task<string> WiderThanScreenAsync() =>
        Page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('.dashboard *, .worker-status *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ends at ' + Math.round(e.getBoundingClientRect().right))
                .join(', ')
            """);
}
