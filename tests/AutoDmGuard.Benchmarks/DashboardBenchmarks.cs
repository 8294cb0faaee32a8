using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Actions;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Demo;
using AutoDmGuard.Web.Polling;
using AutoDmGuard.XApi;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Benchmarks;

/// <summary>
/// `dashboard [--senders N] [--dms-per-sender N] [--requests N] [--serve]`: seeds one account with N senders and their DMs
/// in a temp SQLite file (real migrations), serves the app's pages from real Kestrel on 127.0.0.1, signs in by issuing the
/// app's own session cookie, and times sequential GETs of the flagged-senders list and a sender page (p50/p95/p99).
/// With --serve it keeps serving and prints a wrk command line instead of exiting.
/// </summary>
internal static class DashboardBenchmarks
{
    private const string AccountId = "1700000000000000001";

    public static async Task<int> RunAsync(string[] args)
    {
        var senders = IntArg(args, "--senders", 10_000);
        var dmsPerSender = IntArg(args, "--dms-per-sender", 10);
        var requests = IntArg(args, "--requests", 500);
        var serve = args.Contains("--serve");

        var dataDirectory = Path.Combine(Path.GetTempPath(), "autodmguard-dashboard-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        try
        {
            await using var app = await StartAsync(dataDirectory);
            var seeded = Stopwatch.StartNew();
            var (flagged, topSender, templateSender) = await SeedAsync(app.Services, senders, dmsPerSender);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Seeded {senders:N0} senders, {senders * dmsPerSender:N0} DMs ({flagged:N0} flagged senders) in {seeded.Elapsed.TotalSeconds:0.0} s"));

            var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var cookie = SessionCookie(app.Services);
            var paths = new[]
            {
                "/senders",
                "/senders?p=20",
                "/senders?filter=all",
                "/senders?filter=kept",
                "/senders/" + topSender,
                "/senders/" + templateSender,
            };

            if (serve)
            {
                Console.WriteLine($"Serving at {baseAddress}. For example:");
                Console.WriteLine($"  wrk -t1 -c4 -d20s --latency -H 'Cookie: {cookie}' {new Uri(baseAddress, paths[0])}");
                Console.WriteLine($"  wrk -t1 -c4 -d20s --latency -H 'Cookie: {cookie}' {new Uri(baseAddress, paths[3])}");
                Console.WriteLine("Press Ctrl+C to stop.");
                await ConsoleCancel();
                return 0;
            }

            using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress };
            client.DefaultRequestHeaders.Add("Cookie", cookie);
            Console.WriteLine($"{"page",-32} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"KB",6}");
            foreach (var path in paths)
            {
                var (timings, bytes) = await TimeAsync(client, path, requests);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{path,-32} {Percentile(timings, 0.50),8:0.0} {Percentile(timings, 0.95),8:0.0} {Percentile(timings, 0.99),8:0.0} {timings[^1],8:0.0} {bytes / 1024.0,6:0}"));
            }

            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<WebApplication> StartAsync(string dataDirectory)
    {
        // The Web assembly as the application name: its Razor pages and views are found as when it runs itself.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(AppDbContext).Assembly.GetName().Name,
            ContentRootPath = dataDirectory,
            EnvironmentName = "Production",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Data:Directory"] = dataDirectory,
            ["X:ClientId"] = "autodmguard-bench",
            ["X:ClientSecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            ["X:ApiBaseUrl"] = "http://127.0.0.1:9/",
            ["Polling:Enabled"] = "false",
            ["Dashboard:BulkExecutorEnabled"] = "false",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(DemoMode.Off);
        builder.Services.AddRazorPages(o => o.Conventions.AddAccountPages());
        builder.AddData();
        builder.AddXApi();
        builder.AddAccounts();
        builder.AddPolling();
        builder.AddDashboard();

        var app = builder.Build();
        await app.MigrateDatabaseAsync();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        await app.StartAsync();
        return app;
    }

    /// <summary>The app's own session cookie for the seeded account, as sign-in would issue it.</summary>
    private static string SessionCookie(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, AccountId), new Claim(XClaimTypes.Username, "bench_me"), new Claim(ClaimTypes.Name, "bench_me")],
            CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity), CookieAuthenticationDefaults.AuthenticationScheme);
        return $"{options.Cookie.Name}={options.TicketDataFormat.Protect(ticket)}";
    }

    /// <summary>
    /// One account; per sender a known user, a follow, DMs with scores and a verdict. A third are flagged; flagged
    /// senders share 200 templates (about 17 senders each), the rest write their own texts.
    /// </summary>
    private static async Task<(int Flagged, string TopSender, string TemplateSender)> SeedAsync(IServiceProvider services, int senders, int dmsPerSender)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTime.UtcNow;
        db.Accounts.Add(new Account { Id = AccountId, Username = "bench_me", Name = "Bench", CreatedAt = now, LastSignInAt = now });
        db.PollStates.Add(new PollState { AccountId = AccountId, BackfillCompleted = true, LastPollAt = now, LastSuccessAt = now, NextDmPollAt = now.AddMinutes(1) });
        await db.SaveChangesAsync();

        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var stamp = now.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        var user = Command(connection, transaction,
            "INSERT INTO KnownUsers (AccountId, UserId, Username, Name, Description, Verified, Protected, UpdatedAt) VALUES ($a, $id, $u, $n, 'bio', 0, 0, $t)");
        var follow = Command(connection, transaction,
            "INSERT INTO Follows (AccountId, UserId, FollowedAt, FirstSeenAt, LastSeenAt) VALUES ($a, $id, $f, $f, $t)");
        var dm = Command(connection, transaction,
            "INSERT INTO DmEvents (AccountId, EventId, Sequence, EventType, Text, SenderId, ConversationId, CreatedAt, FromMe, StoredAt) VALUES ($a, $e, $seq, 'MessageCreate', $x, $id, $c, $at, 0, $t)");
        var score = Command(connection, transaction,
            "INSERT INTO DmScores (AccountId, EventId, Score, Flagged, ReasonsJson, TemplateKey, TemplateSenderCount, ScoredAt, ClassifierVersion) VALUES ($a, $e, $s, $fl, $r, $k, 1, $t, 1)");
        var verdict = Command(connection, transaction,
            "INSERT INTO SenderVerdicts (AccountId, SenderId, Score, Flagged, TopReasonsJson, DmCount, LatestDmAt, LatestDmExcerpt, Status, UpdatedAt) VALUES ($a, $id, $s, $fl, $r, $n, $at, $x, 'Active', $t)");
        const string reasons = """[{"signal":"template-shared-by-17-senders","weight":2.4,"reason":"The same text came from 17 other senders"},{"signal":"sent-within-minutes-of-follow","weight":1.6,"reason":"Sent 2 minutes after you followed"},{"signal":"link-shortener","weight":0.8,"reason":"Contains a shortened link"}]""";
        var random = new Random(20261126);
        var flagged = 0;
        string? top = null;
        var topScore = -1.0;
        long sequence = 1_800_000_000_000_000_000;
        for (var i = 0; i < senders; i++)
        {
            var id = (1_750_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture);
            var isFlagged = i % 3 == 0;
            var senderScore = isFlagged ? 0.5 + (random.NextDouble() * 0.5) : random.NextDouble() * 0.5;
            flagged += isFlagged ? 1 : 0;
            if (isFlagged && senderScore > topScore)
            {
                (top, topScore) = (id, senderScore);
            }

            var template = isFlagged ? "tpl-" + (i % 200).ToString(CultureInfo.InvariantCulture) : null;
            Run(user, ("$a", AccountId), ("$id", id), ("$u", "sender_" + i.ToString(CultureInfo.InvariantCulture)), ("$n", "Sender " + i.ToString(CultureInfo.InvariantCulture)), ("$t", stamp));
            Run(follow, ("$a", AccountId), ("$id", id), ("$f", now.AddDays(-random.Next(1, 60)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)), ("$t", stamp));
            string text = "";
            var at = now.AddDays(-random.Next(1, 30));
            for (var d = 0; d < dmsPerSender; d++)
            {
                var eventId = (++sequence).ToString(CultureInfo.InvariantCulture);
                at = at.AddMinutes(random.Next(1, 600));
                text = template is null
                    ? $"Hey, about the meetup on day {d}: are you bringing the slides? ({i})"
                    : $"Thanks for the follow! {template} has a free guide for you: https://t.co/x{i % 200}";
                Run(dm, ("$a", AccountId), ("$e", eventId), ("$seq", sequence), ("$x", text), ("$id", id), ("$c", id + "-" + AccountId),
                    ("$at", at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)), ("$t", stamp));
                Run(score, ("$a", AccountId), ("$e", eventId), ("$s", senderScore), ("$fl", isFlagged ? 1 : 0), ("$r", reasons), ("$k", (object?)template ?? DBNull.Value), ("$t", stamp));
            }

            Run(verdict, ("$a", AccountId), ("$id", id), ("$s", senderScore), ("$fl", isFlagged ? 1 : 0), ("$r", reasons), ("$n", dmsPerSender),
                ("$at", at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)), ("$x", text), ("$t", stamp));
        }

        await transaction.CommitAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE;");
        return (flagged, top!, (1_750_000_000_000_000_000L + 3).ToString(CultureInfo.InvariantCulture));
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Run(SqliteCommand command, params (string Name, object Value)[] values)
    {
        command.Parameters.Clear();
        foreach (var (name, value) in values)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private static async Task<(double[] Timings, long Bytes)> TimeAsync(HttpClient client, string path, int requests)
    {
        long bytes = 0;
        for (var i = 0; i < 30; i++)
        {
            bytes = (await GetAsync(client, path)).Length;
        }

        var timings = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await GetAsync(client, path);
            timings[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(timings);
        return (timings, bytes);
    }

    private static async Task<byte[]> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode} {response.Headers.Location}");
        }

        return await response.Content.ReadAsByteArrayAsync();
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static int IntArg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static Task ConsoleCancel()
    {
        var stopped = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopped.TrySetResult();
        };
        return stopped.Task;
    }
}
