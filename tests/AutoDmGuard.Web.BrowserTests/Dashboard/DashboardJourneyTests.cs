using AutoDmGuard.Web.BrowserTests.Infrastructure;
using AutoDmGuard.Web.BrowserTests.Pages;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Polling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace AutoDmGuard.Web.BrowserTests.Dashboard;

/// <summary>
/// Sign in to the demo sandbox, let the first poll fill the dashboard, then Unfollow / Undo / Not automated, once with the
/// mouse and once with the keyboard only; the sandbox's following list is the truth for every unfollow and undo.
/// </summary>
public sealed class DashboardJourneyTests(KestrelAppFactory app, BrowserFixture browser)
    : IClassFixture<KestrelAppFactory>, IClassFixture<BrowserFixture>
{
    private async Task<SendersPage> SignInAndPollAsync(int accountIndex)
    {
        var account = app.Sandbox.SignableAccounts[accountIndex];
        var page = await browser.NewPageAsync(app.BaseAddress);
        await page.SetViewportSizeAsync(1280, 900);
        var consent = await (await LandingPage.OpenAsync(page)).SignInWithXAsync();
        await consent.ChooseAccountAsync(account.Username);
        var home = await consent.AuthorizeAsync();
        Assert.Equal(account.Id, await home.AccountIdAsync());

        // The worker is off in tests: run its pass until the first poll (backfill included) has flagged someone.
        for (var pass = 0; pass < 10 && await FlaggedCountAsync(account.Id) == 0; pass++)
        {
            await app.WithServiceAsync<PollingPass, PollingPassResult>(p => p.RunOnceAsync(CancellationToken.None));
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.True(await FlaggedCountAsync(account.Id) > 0, "The first polls flagged nobody in the demo inbox.");
        return await SendersPage.OpenAsync(page);
    }

    private Task<int> FlaggedCountAsync(string accountId) =>
        app.WithDbAsync(db => db.SenderVerdicts.CountAsync(v => v.AccountId == accountId && v.Flagged && v.Status == SenderStatus.Active));

    /// <summary>The first listed senders the account really follows at the sandbox.</summary>
    private async Task<IReadOnlyList<(string SenderId, string Handle)>> FollowedRowsAsync(SendersPage senders, string accountId)
    {
        var following = (await app.SandboxAdmin.FollowingAsync(accountId)).ToHashSet(StringComparer.Ordinal);
        var rows = (await senders.RowsAsync()).Where(r => following.Contains(r.SenderId)).ToList();
        Assert.True(rows.Count >= 3, "The dashboard lists fewer than three flagged senders that the account follows.");
        return rows;
    }

    [Fact]
    public async Task Unfollow_undo_and_not_automated_with_the_mouse()
    {
        var senders = await SignInAndPollAsync(0);
        var accountId = app.Sandbox.SignableAccounts[0].Id;
        Assert.Equal(accountId, await senders.Page.Locator("main").GetAttributeAsync("data-account-id"));
        var rows = await FollowedRowsAsync(senders, accountId);
        var (senderId, handle) = rows[0];

        await SaveScreenshotAsync(senders.Page, "dashboard.png");
        var reloads = 0;
        senders.Page.Load += (_, _) => reloads++;

        await senders.UnfollowAsync(senderId);
        Assert.DoesNotContain(senderId, await app.SandboxAdmin.FollowingAsync(accountId));
        Assert.Contains("Unfollowed @" + handle, await senders.Status.InnerTextAsync(), StringComparison.Ordinal);

        await senders.UndoAsync(senderId);
        Assert.Contains(senderId, await app.SandboxAdmin.FollowingAsync(accountId));

        var (keptId, _) = rows[1];
        await senders.MarkNotAutomatedAsync(keptId);
        Assert.Equal(0, reloads);
        var kept = await app.WithDbAsync(db => db.SenderVerdicts.AsNoTracking().SingleAsync(v => v.AccountId == accountId && v.SenderId == keptId));
        Assert.Equal((SenderStatus.Kept, FeedbackMark.NotAutomated), (kept.Status, kept.Mark));

        // After a reload the decisions hold: the kept sender stays off the flagged list, the undone one is back.
        await senders.Page.ReloadAsync();
        Assert.Equal(0, await senders.Row(keptId).CountAsync());
        Assert.Equal(1, await senders.Row(senderId).CountAsync());

        // The sender page's buttons work the same way, also without a reload.
        var (pageSenderId, _) = rows[2];
        await senders.Page.GotoAsync("/senders/" + pageSenderId);
        reloads = 0;
        await senders.Page.GetByRole(AriaRole.Button, new() { Name = "Unfollow", Exact = true }).ClickAsync();
        await senders.Page.GetByRole(AriaRole.Button, new() { Name = "Follow again", Exact = true }).WaitForAsync();
        Assert.DoesNotContain(pageSenderId, await app.SandboxAdmin.FollowingAsync(accountId));
        await senders.Page.GetByRole(AriaRole.Button, new() { Name = "Follow again", Exact = true }).ClickAsync();
        await senders.Page.GetByRole(AriaRole.Button, new() { Name = "Unfollow", Exact = true }).WaitForAsync();
        Assert.Contains(pageSenderId, await app.SandboxAdmin.FollowingAsync(accountId));
        Assert.Equal(0, reloads);
    }

    [Fact]
    public async Task The_same_journey_by_keyboard_only_and_on_a_phone_width_screen()
    {
        var senders = await SignInAndPollAsync(1);
        var accountId = app.Sandbox.SignableAccounts[1].Id;
        var rows = await FollowedRowsAsync(senders, accountId);
        var (senderId, _) = rows[0];

        await senders.Page.SetViewportSizeAsync(375, 740);
        Assert.Equal("", await senders.WiderThanScreenAsync());

        await senders.TabToAsync("unfollow-" + senderId);
        await senders.Page.Keyboard.PressAsync("Enter");
        await senders.Row(senderId).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal("undo-button", await senders.FocusedIdAsync());
        Assert.DoesNotContain(senderId, await app.SandboxAdmin.FollowingAsync(accountId));

        await senders.Page.Keyboard.PressAsync("Enter");
        await senders.Row(senderId).WaitForAsync();
        Assert.Equal("unfollow-" + senderId, await senders.FocusedIdAsync());
        Assert.Contains(senderId, await app.SandboxAdmin.FollowingAsync(accountId));

        await senders.TabToAsync("not-automated-" + senderId);
        await senders.Page.Keyboard.PressAsync("Enter");
        await senders.Row(senderId).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(
            FeedbackMark.NotAutomated,
            await app.WithDbAsync(db => db.SenderVerdicts.Where(v => v.AccountId == accountId && v.SenderId == senderId).Select(v => v.Mark).SingleAsync()));

        await SaveScreenshotAsync(senders.Page, "dashboard-phone.png");
    }

    /// <summary>Screenshots go to the test output's artifacts folder (docs/images/dashboard.png is a copy of dashboard.png).</summary>
    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = false });
    }
}
