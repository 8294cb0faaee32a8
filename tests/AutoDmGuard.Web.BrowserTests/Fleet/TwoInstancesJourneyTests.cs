using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AutoDmGuard.Testing.Sandbox;
using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.BrowserTests.Dashboard;
using AutoDmGuard.Web.BrowserTests.Infrastructure;
using AutoDmGuard.Web.BrowserTests.Pages;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.XApiSandbox;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace AutoDmGuard.Web.BrowserTests.Fleet;

/// <summary>
/// Two app processes A and B, each web and worker, on one database (PostgreSQL when AUTODMGUARD_TEST_POSTGRES is set,
/// as in CI; else one SQLite file) and one X sandbox, each with its own data folder and the same key-encryption
/// certificate (docs/operations.md, Several instances). One Chromium context is the user's browser: cookies are per
/// host, not per port (RFC 6265), so 127.0.0.1 with A's port and with B's is one browser behind a load balancer.
/// </summary>
public sealed partial class TwoInstancesJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string ClientId = "autodmguard-fleet-tests";
    private const string DmReadRoute = "GET /2/dm_events";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sign_in_on_A_is_signed_in_on_B_unfollow_on_B_and_undo_on_A_reach_X_and_no_account_is_polled_twice_at_once()
    {
        var root = Path.Combine(Path.GetTempPath(), "autodmguard-tests", "fleet-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var postgres = Environment.GetEnvironmentVariable(PostgresServer.EnvironmentVariable) is { Length: > 0 };
        var connectionString = postgres
            ? await PostgresServer.CreateDatabaseAsync()
            : new SqliteConnectionStringBuilder { DataSource = Path.Combine(root, "shared.db"), DefaultTimeout = 30 }.ToString();
        string[] database = postgres
            ? ["--Database:Provider=PostgreSQL", $"--ConnectionStrings:AutoDmGuard={connectionString}"]
            : [$"--ConnectionStrings:AutoDmGuard={connectionString}"];
        var clientSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        // Real time in the sandbox too: its request log's times are what the overlap check compares.
        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions { TimeProvider = TimeProvider.System, RateLimitsEnabled = false });
        using var admin = new SandboxAdminClient(sandbox.BaseAddress);
        AppProcess? a = null, b = null;
        try
        {
            string[] polling = ["--Polling:Enabled=true", "--Polling:TickInterval=00:00:01", "--Polling:DmInterval=00:00:05"];
            a = await AppProcess.StartAgainstSandboxAsync(Path.Combine(root, "a"), sandbox.BaseAddress, ClientId, clientSecret,
                [.. database, .. polling, "--Polling:InstanceId=instance-a"]);
            var addressA = await a.WaitForListeningAsync(StartTimeout);
            // B: its own data folder, A's key-encryption certificate (every instance needs the same one).
            var certificate = Path.Combine(root, "a", "keys", KeyRing.CertificateFileName);
            b = await AppProcess.StartAgainstSandboxAsync(Path.Combine(root, "b"), sandbox.BaseAddress, ClientId, clientSecret,
                [.. database, .. polling, "--Polling:InstanceId=instance-b", $"--Accounts:KeyEncryptionCertificate={certificate}"]);
            var addressB = await b.WaitForListeningAsync(StartTimeout);
            sandbox.RegisterClient(new SandboxClient(ClientId, clientSecret, [new Uri(addressA, "signin-x").AbsoluteUri, new Uri(addressB, "signin-x").AbsoluteUri]));
            var since = (await admin.RequestsAsync()).Last;

            var context = await browser.Browser.NewContextAsync();
            context.SetDefaultTimeout(30_000);
            context.SetDefaultNavigationTimeout(30_000);
            var page = await context.NewPageAsync();
            await page.SetViewportSizeAsync(1280, 900);
            var account = sandbox.SignableAccounts[0];

            // Sign in through A.
            await page.GotoAsync(addressA.AbsoluteUri);
            var consent = await new LandingPage(page).SignInWithXAsync();
            await consent.ChooseAccountAsync(account.Username);
            var onA = await consent.AuthorizeAsync();
            Assert.StartsWith(addressA.AbsoluteUri, page.Url, StringComparison.Ordinal);
            Assert.Equal(account.Id, await onA.AccountIdAsync());

            // The same browser on B is signed in: B reads the cookie A issued (one key ring in the database).
            await page.GotoAsync(addressB.AbsoluteUri);
            var onB = new AppShell(page);
            Assert.Equal("@" + account.Username, await onB.SignedInHandle.InnerTextAsync());
            Assert.Equal(account.Id, await onB.AccountIdAsync());

            // The first poll (by whichever instance took the account's lease) flags senders; B lists them.
            var senders = await WaitForFlaggedSendersAsync(page, addressB);
            var following = (await admin.FollowingAsync(account.Id)).ToHashSet(StringComparer.Ordinal);
            var (senderId, handle) = (await senders.RowsAsync()).First(r => following.Contains(r.SenderId));

            // Unfollow on B reaches X.
            await senders.UnfollowAsync(senderId);
            Assert.Contains("Unfollowed @" + handle, await senders.Status.InnerTextAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain(senderId, await admin.FollowingAsync(account.Id));

            // Its undo on A (the sender's page there: Follow again) reaches X too.
            await page.GotoAsync(new Uri(addressA, "senders/" + senderId).AbsoluteUri);
            Assert.StartsWith(addressA.AbsoluteUri, page.Url, StringComparison.Ordinal);
            await page.GetByRole(AriaRole.Button, new() { Name = "Follow again", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Unfollow", Exact = true }).WaitForAsync();
            Assert.Contains(senderId, await admin.FollowingAsync(account.Id));

            // And B shows the sender flagged and followed again, as A left it.
            // The page is rendered on the server: once loaded, a row that is not there will not come.
            senders = await SendersPage.OpenAsync(page, addressB.AbsoluteUri);
            if (await senders.Row(senderId).CountAsync() == 0)
            {
                var firstPage = string.Join(", ", (await senders.RowsAsync()).Select(r => "@" + r.Handle));
                var searched = await SendersPage.OpenAsync(page, new Uri(addressB, "?q=" + Uri.EscapeDataString(handle)).AbsoluteUri);
                Assert.Fail($"B's list does not show @{handle} after its undo on A; B's search for it finds {await searched.Row(senderId).CountAsync()} row(s); B's first page: {firstPage}");
            }

            await senders.Button(senderId, "Unfollow").WaitForAsync();

            // Both instances poll the account in turn (whichever takes its lease when it is due): once each has, no two
            // DM reads of the account were ever open at the same time.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (PolledLines(a.Output, account.Id) == 0 || PolledLines(b.Output, account.Id) == 0)
            {
                Assert.True(DateTime.UtcNow < deadline,
                    $"Within 120 s the account was not polled by both instances (A: {PolledLines(a.Output, account.Id)}, B: {PolledLines(b.Output, account.Id)} polls).");
                await Task.Delay(500);
            }

            var reads = (await admin.RequestsAsync(since, DmReadRoute, account.Id)).Requests.OrderBy(r => r.StartedAt).ToList();
            var polledBy = $"polls logged by A: {PolledLines(a.Output, account.Id)}, by B: {PolledLines(b.Output, account.Id)}";
            Assert.True(reads.Count >= 3, $"Only {reads.Count} DM reads of the account were logged; the check would prove nothing ({polledBy}).");
            Assert.All(reads, r => Assert.NotNull(r.EndedAt));
            for (var i = 1; i < reads.Count; i++)
            {
                Assert.True(reads[i].StartedAt >= reads[i - 1].EndedAt,
                    $"DM reads #{reads[i - 1].Seq} ({reads[i - 1].StartedAt:O} to {reads[i - 1].EndedAt:O}) and #{reads[i].Seq} (from {reads[i].StartedAt:O}) of one account overlap ({polledBy}).");
            }

            Assert.Equal(0, await b.StopAsync());
            Assert.Equal(0, await a.StopAsync());
        }
        finally
        {
            if (b is not null)
            {
                await b.DisposeAsync();
            }

            if (a is not null)
            {
                await a.DisposeAsync();
            }

            if (postgres)
            {
                await PostgresServer.DropDatabaseAsync(connectionString);
            }

            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Reloads B's senders list until the first poll has flagged someone (the workers poll on their own).</summary>
    private static async Task<SendersPage> WaitForFlaggedSendersAsync(IPage page, Uri address)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var senders = await SendersPage.OpenAsync(page, address.AbsoluteUri);
            if (await senders.Rows.CountAsync() > 0)
            {
                return senders;
            }

            Assert.True(DateTime.UtcNow < deadline, "No flagged sender showed on B within 90 s of signing in.");
            await Task.Delay(1000);
        }
    }

    private static int PolledLines(string output, string accountId) => PolledLine().Matches(output).Count(m => m.Groups["id"].Value == accountId);

    [GeneratedRegex(@"Polled account (?<id>\d+):")]
    private static partial Regex PolledLine();
}
