using System.Text.Json;
using AutoDmGuard.Web.BrowserTests.Infrastructure;
using AutoDmGuard.Web.BrowserTests.Pages;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.XApiSandbox;
using Microsoft.Playwright;

namespace AutoDmGuard.Web.BrowserTests.Dashboard;

/// <summary>
/// The journey a new user takes, twice on one data folder with a restart in between (two app processes in sequence, as
/// `dotnet run` starts them, the worker on): the second run shows the same senders, the first run's Unfollow still
/// holds at the sandbox, and Unfollow + Undo work on the second run's first flagged row.
/// </summary>
public sealed class DemoRestartJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private static readonly SandboxAccount Mira = DemoAccounts.Mira;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "autodmguard-tests", "restart-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private Task<AppProcess> StartAsync() =>
        AppProcess.StartDemoInAsync(_dataDirectory, "--Polling:Enabled=true", "--Polling:TickInterval=00:00:01");

    /// <summary>Signs in as Mira and waits (by the signed-in /health/worker) for a successful poll that started after the sign-in, fully scored.</summary>
    private async Task<SendersPage> SignInAndWaitForPollAsync(AppProcess app)
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        await page.SetViewportSizeAsync(1280, 900);
        var consent = await (await LandingPage.OpenAsync(page)).SignInWithXAsync();
        await consent.ChooseAccountAsync(Mira.Username);
        var home = await consent.AuthorizeAsync();
        Assert.Equal(Mira.Id, await home.AccountIdAsync());

        var signedInAt = (await HealthAsync(page)).GetProperty("now").GetDateTime();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var health = await HealthAsync(page);
            var polled = health.GetProperty("lastSuccessAt") is { ValueKind: JsonValueKind.String } last && last.GetDateTime() > signedInAt;
            if (polled && health.GetProperty("backfill").GetProperty("completed").GetBoolean() && health.GetProperty("unscored").GetInt32() == 0)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "No complete poll after sign-in within 90 s: " + health);
            await Task.Delay(500);
        }

        return await SendersPage.OpenAsync(page);
    }

    private static async Task<JsonElement> HealthAsync(IPage page)
    {
        var response = await page.Context.APIRequest.GetAsync("/health/worker");
        Assert.True(response.Ok, $"/health/worker answered {response.Status}");
        using var document = JsonDocument.Parse(await response.TextAsync());
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task A_restart_continues_the_same_world_and_its_unfollows()
    {
        IReadOnlyList<(string SenderId, string Handle)> firstRows;
        IReadOnlyList<string> followingAfterFirstRun;
        string unfollowed;
        await using (var first = await StartAsync())
        {
            var senders = await SignInAndWaitForPollAsync(first);
            var following = await first.SandboxAdmin.FollowingAsync(Mira.Id);
            var rows = await senders.RowsAsync();
            unfollowed = rows.First(r => following.Contains(r.SenderId)).SenderId;

            await senders.UnfollowAsync(unfollowed);
            followingAfterFirstRun = await first.SandboxAdmin.FollowingAsync(Mira.Id);
            Assert.DoesNotContain(unfollowed, followingAfterFirstRun);
            firstRows = [.. rows.Where(r => r.SenderId != unfollowed)];
            Assert.Equal(0, await first.StopAsync());
        }

        await using var second = await StartAsync();
        var again = await SignInAndWaitForPollAsync(second);

        // The same senders, and the sandbox is the same X: it knows them all and still has Mira's follows as left.
        var secondRows = await again.RowsAsync();
        Assert.Equal(firstRows, secondRows);
        var known = (await second.SandboxAdmin.UsersAsync()).Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(secondRows.Select(r => r.SenderId).Append(unfollowed), id => Assert.Contains(id, known));
        Assert.Equal(followingAfterFirstRun, await second.SandboxAdmin.FollowingAsync(Mira.Id));

        var (senderId, _) = secondRows[0];
        var wasFollowed = followingAfterFirstRun.Contains(senderId);
        await again.UnfollowAsync(senderId);
        Assert.DoesNotContain(senderId, await second.SandboxAdmin.FollowingAsync(Mira.Id));
        await again.UndoAsync(senderId);
        Assert.Equal(wasFollowed, (await second.SandboxAdmin.FollowingAsync(Mira.Id)).Contains(senderId));
        Assert.Equal(0, await second.StopAsync());
    }
}
