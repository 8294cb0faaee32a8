using System.Net;
using System.Text.RegularExpressions;
using AutoDmGuard.Web.Tests.Infrastructure;

namespace AutoDmGuard.Web.Tests.Demo;

/// <summary>
/// The demo world lives in the data folder (app processes in sequence on one folder = restarts): continued after a
/// restart, refused when it no longer matches the database (deleted, corrupt), and started over with Sandbox:Reset.
/// </summary>
public sealed class DemoWorldTests : IDisposable
{
    private const string Mira = "mira_makes";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "autodmguard-tests", "demo-world-" + Guid.NewGuid().ToString("N"));

    private string WorldFile => Path.Combine(_dataDirectory, "demo-world.jsonl");

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private Task<AppProcess> StartAsync(params string[] arguments) =>
        AppProcess.StartDemoInAsync(_dataDirectory, ["--Sandbox:DemoDmCount=20", .. arguments]);

    private static HttpClient Browser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });

    private static string WorldId(string worldFile) =>
        Regex.Match(File.ReadLines(worldFile).First(), "\"world_id\":\"(?<id>[0-9a-f]+)\"").Groups["id"].Value;

    [Fact]
    public async Task A_restart_continues_the_same_world_and_the_account_signs_in_again()
    {
        string firstOutput;
        await using (var first = await StartAsync())
        {
            using var browser = Browser();
            Assert.Equal("/", await first.SignInAsync(browser, Mira));
            Assert.Equal(0, await first.StopAsync());
            firstOutput = first.Output;
        }

        var worldId = WorldId(WorldFile);
        Assert.Equal(worldId, Regex.Match(firstOutput, "Demo world (?<id>[0-9a-f]{32}) created in ").Groups["id"].Value);
        await using var second = await StartAsync();
        Assert.Contains($"Demo world {worldId} continued from {WorldFile}", second.Output, StringComparison.Ordinal);
        using var again = Browser();
        Assert.Equal("/", await second.SignInAsync(again, Mira));
        Assert.DoesNotContain("demo-world-banner", await again.GetStringAsync(second.BaseAddress), StringComparison.Ordinal);
        Assert.Equal(0, await second.StopAsync());
    }

    [Fact]
    public async Task A_deleted_or_corrupt_world_is_reported_and_blocks_sign_in_until_the_reset()
    {
        await using (var first = await StartAsync())
        {
            using var browser = Browser();
            Assert.Equal("/", await first.SignInAsync(browser, Mira));
            await first.StopAsync();
        }

        // Deleted while the database remains: a new world would not match Mira's data.
        File.Delete(WorldFile);
        await using (var deleted = await StartAsync())
        {
            await AssertUnusableAsync(deleted, "demo account(s) whose data came from another demo world");
        }

        const string Corrupt = "{\"format\":\"autodmguard-sandbox-world/1\",\"world_id\":\"x\"\n";
        await File.WriteAllTextAsync(WorldFile, Corrupt);
        await using (var corrupt = await StartAsync())
        {
            await AssertUnusableAsync(corrupt, "is corrupt at line 1");
        }

        Assert.Equal(Corrupt, await File.ReadAllTextAsync(WorldFile));

        await using (var reset = await StartAsync("--Sandbox:Reset=true"))
        {
            Assert.Matches(@"Demo reset: new demo world [0-9a-f]{32} in .*; deleted 1 demo account\(s\)", reset.Output);
            using var browser = Browser();
            Assert.Equal("/", await reset.SignInAsync(browser, Mira));
            await reset.StopAsync();
        }

        await using var after = await StartAsync();
        Assert.DoesNotContain("DEMO WORLD UNUSABLE", after.Output, StringComparison.Ordinal);
        using var again = Browser();
        Assert.Equal("/", await after.SignInAsync(again, Mira));
        await after.StopAsync();
    }

    private static async Task AssertUnusableAsync(AppProcess app, string problem)
    {
        Assert.Matches("DEMO WORLD UNUSABLE: .*" + Regex.Escape(problem) + ".*--Sandbox:Reset=true", app.Output);
        using var browser = Browser();
        var landing = await browser.GetStringAsync(app.BaseAddress);
        Assert.Contains("id=\"demo-world-banner\"", landing, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(problem), landing, StringComparison.Ordinal);
        Assert.Contains("--Sandbox:Reset=true", landing, StringComparison.Ordinal);
        Assert.Equal("/Account/SignInFailed?reason=failed", await app.SignInAsync(browser, Mira));
        await app.StopAsync();
    }
}
