using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Hosting;
using AutoDmGuard.Web.Polling;
using AutoDmGuard.Web.Scoring;
using AutoDmGuard.Web.Operations;
using AutoDmGuard.XApiSandbox;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Benchmarks;

/// <summary>
/// `dashboard [--senders N] [--dms-per-sender N] [--requests N] [--concurrency N] [--concurrent-requests N] [--serve]
/// [--postgres "Host=…;Username=…;Password=…"]` (the same seeded rows on PostgreSQL, in a database of its own on that server):
/// seeds one account with N senders and their DMs in a temp SQLite file (real migrations; template clusters of
/// realistic size, the largest sent by thousands of senders), serves the app's pages from real Kestrel on 127.0.0.1,
/// signs in by issuing the app's own session cookie, and times GETs of every dashboard page: sequentially, then from
/// N concurrent connections (p50/p95/p99). With --serve it keeps serving and prints a wrk command line instead.
/// `dashboard --world [--dms N] [--senders N] [--postgres "…"]`: the sandbox's demo world read through OAuth and the worker
/// (one polling pass), then the same pages timed over HTTP, the concurrent run with the worker polling (new DMs arriving)
/// throughout; with --postgres the app under test runs on PostgreSQL (a database of its own on that server, as above).
/// </summary>
internal static class DashboardBenchmarks
{
    private const string AccountId = "1700000000000000001";

    /// <summary>The Web assembly as the application name: its Razor pages and views are found as when it runs itself.</summary>
    public static string? WebApplicationName => typeof(AppDbContext).Assembly.GetName().Name;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--world"))
        {
            return await WorldAsync(args);
        }

        var senders = PollingBenchmarks.IntArg(args, "--senders", 10_000);
        var dmsPerSender = PollingBenchmarks.IntArg(args, "--dms-per-sender", 10);
        var serve = args.Contains("--serve");

        var dataDirectory = Path.Combine(Path.GetTempPath(), "autodmguard-dashboard-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var postgres = PollingBenchmarks.StringArg(args, "--postgres");
        var database = postgres is null ? null : await BenchPostgresDatabase.CreateAsync(postgres);
        try
        {
            await using var app = await StartAsync(dataDirectory, database?.AppSettings ?? new Dictionary<string, string?>());
            Console.WriteLine($"Database: {(database is null ? "SQLite (file in the data folder)" : "PostgreSQL " + database.ServerVersion)}");
            var seeded = Stopwatch.StartNew();
            var seed = await SeedAsync(app.Services, senders, dmsPerSender);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Seeded {senders:N0} senders, {senders * dmsPerSender:N0} DMs ({seed.Flagged:N0} flagged senders; largest templates: {string.Join(", ", seed.Largest.Select(l => $"{l.Senders:N0} senders"))}) in {seeded.Elapsed.TotalSeconds:0.0} s"));
            MeasureScoringQueueGauge(app.Services);

            var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var cookie = SessionCookie(app.Services, AccountId, "bench_me");
            var paths = new List<string>
            {
                "/senders",
                "/senders?p=20",
                "/senders?filter=all",
                "/senders?filter=kept",
                "/senders/" + seed.TopSender,
            };
            paths.AddRange(seed.Largest.Select(l => "/senders/" + l.SenderId));
            paths.Add("/senders?q=sender_" + (senders / 2).ToString(CultureInfo.InvariantCulture));
            paths.Add("/senders?q=free+guide");
            paths.Add("/insights");

            if (serve)
            {
                Console.WriteLine($"Serving at {baseAddress}. For example:");
                Console.WriteLine($"  wrk -t1 -c4 -d20s --latency -H 'Cookie: {cookie}' {new Uri(baseAddress, paths[0])}");
                Console.WriteLine($"  wrk -t1 -c4 -d20s --latency -H 'Cookie: {cookie}' {new Uri(baseAddress, paths[3])}");
                Console.WriteLine("Press Ctrl+C to stop.");
                await ConsoleCancel();
                return 0;
            }

            await MeasureAsync(baseAddress, cookie, paths, args, background: null);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (database is not null)
            {
                await database.DisposeAsync();
            }

            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// The realistic inbox: the sandbox's demo world (rate limits off) read by one polling pass of the real worker after
    /// a real OAuth sign-in, then the pages timed; during the concurrent run the worker keeps polling while the sandbox
    /// delivers new automated and friendly DMs, so scoring (and its aggregate writes) competes with the page reads.
    /// </summary>
    private static async Task<int> WorldAsync(string[] args)
    {
        var dms = PollingBenchmarks.IntArg(args, "--dms", 100_000);
        var senders = PollingBenchmarks.IntArg(args, "--senders", 10_000);
        var postgres = PollingBenchmarks.StringArg(args, "--postgres");
        await using var database = postgres is null ? null : await BenchPostgresDatabase.CreateAsync(postgres);
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Polling:AccountTimeout"] = "00:30:00",
            ["Polling:LeaseDuration"] = "01:00:00",
            ["Dashboard:BulkExecutorEnabled"] = "false",
        };
        foreach (var (key, value) in database?.AppSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        Console.WriteLine($"Database: {(database is null ? "SQLite (file in the data folder)" : "PostgreSQL " + database.ServerVersion)}");
        var setup = Stopwatch.StartNew();
        var options = new SandboxOptions { RateLimitsEnabled = false, DemoDmCount = dms, DemoSenderCount = senders };
        // Declared after the database, so disposed before it: the app's connections are closed when the database is dropped.
        await using var host = await PollingBenchHost.StartAsync(options, TimeProvider.System, settings, sandboxInChildProcess: true, servePages: true);
        var accountId = await host.SignInFirstAccountAsync();
        var pass = await host.RunPassAsync();
        var (events, scored, flaggedSenders, username) = await host.WithDbAsync(async db => (
            await db.DmEvents.CountAsync(e => e.AccountId == accountId),
            await db.DmScores.CountAsync(s => s.AccountId == accountId),
            await db.SenderVerdicts.CountAsync(v => v.AccountId == accountId && v.Flagged),
            await db.Accounts.Where(a => a.Id == accountId).Select(a => a.Username).SingleAsync()));
        Console.WriteLine(Invariant($"World of {dms:N0} DMs / {senders:N0} senders read through OAuth and one polling pass ({pass.For(accountId)!.Status}): {events:N0} events, {scored:N0} DMs scored, {flaggedSenders:N0} flagged senders, in {setup.Elapsed.TotalSeconds:0.0} s"));

        var (paths, largest) = await host.WithDbAsync(db => WorldPathsAsync(db, accountId));
        Console.WriteLine("Largest clusters: " + string.Join(", ", largest.Select(l => Invariant($"{l.Senders:N0} senders / {l.Dms:N0} DMs"))));
        var baseAddress = new Uri(host.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var cookie = SessionCookie(host.App.Services, accountId, username);
        await MeasureAsync(baseAddress, cookie, paths, args, background: async ct =>
        {
            var polls = 0;
            while (!ct.IsCancellationRequested)
            {
                await host.SandboxAdmin.SimulateAsync("follow-autodm", accountId);
                await host.SandboxAdmin.SimulateAsync("friend-dm", accountId);
                await host.RunPassAsync(CancellationToken.None);
                polls++;
                await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
            }

            return polls;
        });
        return 0;
    }

    /// <summary>The pages of the realistic inbox: the list, the top flagged sender and the senders of the largest clusters, search, insights.</summary>
    private static async Task<(List<string> Paths, List<TemplateStat> Largest)> WorldPathsAsync(AppDbContext db, string accountId)
    {
        var largest = await db.TemplateStats.AsNoTracking().Where(t => t.AccountId == accountId)
            .OrderByDescending(t => t.Senders).ThenByDescending(t => t.Dms).Take(2).ToListAsync();
        var paths = new List<string> { "/senders", "/senders?p=20", "/senders?filter=all" };
        var top = await db.SenderVerdicts.AsNoTracking().Where(v => v.AccountId == accountId && v.Flagged)
            .OrderByDescending(v => v.Score).ThenBy(v => v.SenderId).Select(v => v.SenderId).FirstAsync();
        paths.Add("/senders/" + top);
        foreach (var template in largest)
        {
            paths.Add("/senders/" + await db.TemplateMembers.AsNoTracking()
                .Where(m => m.AccountId == accountId && m.TemplateKey == template.TemplateKey)
                .OrderBy(m => m.SenderId).Select(m => m.SenderId).FirstAsync());
        }

        // A handle (selective) and a word of the largest template's text (broad: thousands of DMs contain it).
        var handle = await db.KnownUsers.AsNoTracking().Where(u => u.AccountId == accountId && u.UserId == top).Select(u => u.Username).SingleAsync();
        paths.Add("/senders?q=" + Uri.EscapeDataString(handle));
        var sample = await (
            from s in db.DmScores
            where s.AccountId == accountId && s.TemplateKey == largest[0].TemplateKey
            join e in db.DmEvents on new { s.AccountId, s.EventId } equals new { e.AccountId, e.EventId }
            select e.Text).FirstAsync();
        var word = (sample ?? "follow").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.All(char.IsLetter)).MaxBy(w => w.Length) ?? "follow";
        paths.Add("/senders?q=" + Uri.EscapeDataString(word));
        paths.Add("/insights");
        return (paths, largest);
    }

    /// <summary>
    /// Sequential GETs of each page (after a warm-up), then the same pages mixed from --concurrency connections
    /// (default 8), with <paramref name="background"/> running alongside the concurrent run when given.
    /// </summary>
    private static async Task MeasureAsync(Uri baseAddress, string cookie, List<string> pagePaths, string[] args, Func<CancellationToken, Task<int>>? background)
    {
        // On a small inbox one sender can be both the top flagged sender and a largest cluster's first sender (or the
        // one sender of both clusters): each page is timed once.
        var paths = pagePaths.Distinct(StringComparer.Ordinal).ToList();
        var requests = PollingBenchmarks.IntArg(args, "--requests", 500);
        var concurrency = PollingBenchmarks.IntArg(args, "--concurrency", 8);
        var concurrentRequests = PollingBenchmarks.IntArg(args, "--concurrent-requests", 200);
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Add("Cookie", cookie);

        // Every page is warmed before any is timed: on a loaded machine the JIT's background tier-up lags behind, and
        // the first page timed would otherwise pay for it.
        for (var round = 0; round < 50; round++)
        {
            foreach (var path in paths)
            {
                await GetAsync(client, path);
            }
        }

        Console.WriteLine($"Sequential: {requests} GETs per page after 50 warm-up rounds over all pages and 30 more per page; load average {LoadAverage()}");
        Console.WriteLine(Header);
        foreach (var path in paths)
        {
            var (timings, bytes, cpuMs) = await TimeAsync(client, path, requests);
            Print(path, timings, bytes, cpuMs);
        }

        Console.WriteLine($"Thread pool: most work items queued as a request arrived {ServerTimes.MaxPending}, {ThreadPool.ThreadCount} threads");
        ServerTimes.Clear();

        Console.WriteLine($"Concurrent: {concurrency} connections, {concurrentRequests} GETs per page, pages mixed{(background is null ? "" : ", the worker polling throughout")}; load average {LoadAverage()}");
        var byPath = paths.ToDictionary(p => p, _ => new System.Collections.Concurrent.ConcurrentBag<double>(), StringComparer.Ordinal);
        var sizes = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var order = Enumerable.Range(0, paths.Count * concurrentRequests).Select(i => paths[i % paths.Count]).ToArray();
        Random.Shared.Shuffle(order);
        var next = -1;
        using var stop = new CancellationTokenSource();
        var backgroundRun = background is null ? Task.FromResult(0) : Task.Run(() => background(stop.Token));
        var wall = Stopwatch.StartNew();
        using var connections = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = concurrency }) { BaseAddress = baseAddress };
        connections.DefaultRequestHeaders.Add("Cookie", cookie);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < order.Length)
            {
                var started = Stopwatch.GetTimestamp();
                var body = await GetAsync(connections, order[i]);
                byPath[order[i]].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                sizes[order[i]] = body.Length;
            }
        })));
        wall.Stop();
        await stop.CancelAsync();
        var polls = await backgroundRun;
        Console.WriteLine(Header);
        foreach (var path in paths)
        {
            var timings = byPath[path].ToArray();
            Array.Sort(timings);
            Print(path, timings, sizes[path]);
        }

        Console.WriteLine($"Thread pool: most work items queued as a request arrived {ServerTimes.MaxPending}, {ThreadPool.ThreadCount} threads");
        Console.WriteLine(Invariant($"{order.Length:N0} requests in {wall.Elapsed.TotalSeconds:0.0} s ({order.Length / wall.Elapsed.TotalSeconds:0} per second){(background is null ? "" : $", {polls} polling passes meanwhile")}; load average {LoadAverage()}"));
    }

    private const string Header = "page                                           p50 ms   p95 ms   p99 ms   max ms     KB  server p50 / p95 ms  CPU ms/request";

    private static void Print(string path, double[] sorted, long bytes, double? cpuMs = null)
    {
        var server = ServerTimes.Sorted(path);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(path.Length > 44 ? path[..44] : path),-44} {Percentile(sorted, 0.50),8:0.0} {Percentile(sorted, 0.95),8:0.0} {Percentile(sorted, 0.99),8:0.0} {sorted[^1],8:0.0} {bytes / 1024.0,6:0}  {(server.Length == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{Percentile(server, 0.50),6:0.0} / {Percentile(server, 0.95),6:0.0}"))}  {(cpuMs is { } c ? c.ToString("0.00", CultureInfo.InvariantCulture) : "")}"));
    }

    /// <summary>Server-side times per path and the thread pool's queue as requests arrived, for the phase being measured.</summary>
    private static class ServerTimes
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentBag<double>> Times = new(StringComparer.Ordinal);
        private static long _maxPending;

        public static long MaxPending => Interlocked.Read(ref _maxPending);

        public static void Arrived(long pending)
        {
            long seen;
            while (pending > (seen = Interlocked.Read(ref _maxPending)) && Interlocked.CompareExchange(ref _maxPending, pending, seen) != seen)
            {
            }
        }

        public static void Add(string path, double ms) => Times.GetOrAdd(path, _ => []).Add(ms);

        public static double[] Sorted(string path)
        {
            var times = Times.TryGetValue(path, out var bag) ? bag.ToArray() : [];
            Array.Sort(times);
            return times;
        }

        public static void Forget(string path) => Times.TryRemove(path, out _);

        public static void Clear()
        {
            Times.Clear();
            Interlocked.Exchange(ref _maxPending, 0);
        }
    }

    /// <summary>What one collection of the scoring-queue gauge costs on this database (docs/operations.md, Metrics).</summary>
    private static void MeasureScoringQueueGauge(IServiceProvider services)
    {
        var backlog = services.GetRequiredService<IScoringBacklog>();
        var waiting = backlog.CountWaiting();
        var times = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var started = Stopwatch.GetTimestamp();
            backlog.CountWaiting();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine(Invariant(
            $"Scoring-queue gauge: {waiting} waiting; one reading {times[times.Count / 2]:0.0} ms median, {times[^1]:0.0} ms max of {times.Count} (load {LoadAverage()})"));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static async Task<WebApplication> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?> databaseSettings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = AppHostArgs.With([]),
            ApplicationName = WebApplicationName,
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
        builder.Configuration.AddInMemoryCollection(databaseSettings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        await builder.AddAutoDmGuardAsync();
        AddPages(builder);

        var app = builder.Build();
        await app.MigrateDatabaseAsync();
        await StartPagesAsync(app);
        return app;
    }

    /// <summary>Kestrel on a free loopback port for the pages the app's composition registered.</summary>
    public static void AddPages(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        // Production settings over plain HTTP on loopback (no TLS here): the antiforgery cookie the forms write may not be
        // Secure-only, or every page with a form answers 500. What is timed is the pages' work, not the cookie flags.
        builder.Services.PostConfigure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
    }

    public static async Task StartPagesAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The server's own share of each request (from the first middleware to the written response), next to what the
        // client waited, and how many work items queued for the thread pool as requests arrived.
        app.Use(async (context, next) =>
        {
            ServerTimes.Arrived(ThreadPool.PendingWorkItemCount);
            var started = Stopwatch.GetTimestamp();
            await next(context);
            ServerTimes.Add(context.Request.Path + context.Request.QueryString, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        await app.StartAsync();
    }

    /// <summary>The seeded account's session stamp (every request checks the cookie's against the account's; empty matches none).</summary>
    private const string BenchSessionStamp = "0123456789ABCDEF0123456789ABCDEF";

    /// <summary>The app's own session cookie for the account, as sign-in would issue it (with the account's session stamp).</summary>
    private static string SessionCookie(IServiceProvider services, string accountId, string username)
    {
        string stamp;
        using (var scope = services.CreateScope())
        {
            stamp = scope.ServiceProvider.GetRequiredService<AppDbContext>().Accounts.Where(a => a.Id == accountId).Select(a => a.SessionStamp).Single();
        }

        var options = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, accountId), new Claim(XClaimTypes.Username, username), new Claim(ClaimTypes.Name, username),
                new Claim(XClaimTypes.SessionStamp, stamp)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity), CookieAuthenticationDefaults.AuthenticationScheme);
        return $"{options.Cookie.Name}={options.TicketDataFormat.Protect(ticket)}";
    }

    private sealed record SeedResult(int Flagged, string TopSender, IReadOnlyList<(string SenderId, int Senders)> Largest);

    /// <summary>
    /// One account; per sender a known user, a follow, DMs with scores and a verdict. A third are flagged; flagged
    /// senders share 200 templates whose sizes fall off steeply (about a quarter of them send the largest, the next
    /// few hundreds each, as in the sandbox's demo world), the rest write their own texts. The scorer's aggregates are
    /// then recounted from the rows, as the scorer would have kept them.
    /// </summary>
    private static async Task<SeedResult> SeedAsync(IServiceProvider services, int senders, int dmsPerSender)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTime.UtcNow;
        db.Accounts.Add(new Account { Id = AccountId, Username = "bench_me", Name = "Bench", CreatedAt = now, LastSignInAt = now, SessionStamp = BenchSessionStamp });
        db.PollStates.Add(new PollState { AccountId = AccountId, BackfillCompleted = true, LastPollAt = now, LastSuccessAt = now, NextDmPollAt = now.AddMinutes(1) });
        await db.SaveChangesAsync();

        // The same statements on SQLite and PostgreSQL (RowBatch), so the same rows on both (timestamps to the second,
        // as before on SQLite, where they were written as text).
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (db.Database.IsNpgsql())
        {
            // A bulk load of consistent rows in one transaction: PostgreSQL's per-row foreign-key checks against the
            // not yet analyzed tables made this load CPU-bound for tens of minutes; the standard bulk-load switch skips
            // them (needs a superuser, as the bench's throwaway server has). The app's own writes keep every check.
            await using var setting = connection.CreateCommand();
            setting.Transaction = transaction;
            setting.CommandText = "SET LOCAL session_replication_role = replica";
            await setting.ExecuteNonQueryAsync();
        }

        var stamp = Seconds(now);
        var user = new RowBatch(connection, transaction, "KnownUsers", ["AccountId", "UserId", "Username", "Name", "Description", "Verified", "Protected", "UpdatedAt"]);
        var follow = new RowBatch(connection, transaction, "Follows", ["AccountId", "UserId", "FollowedAt", "FirstSeenAt", "LastSeenAt"]);
        var dm = new RowBatch(connection, transaction, "DmEvents", ["AccountId", "EventId", "Sequence", "EventType", "Text", "SenderId", "ConversationId", "CreatedAt", "FromMe", "StoredAt"]);
        var score = new RowBatch(connection, transaction, "DmScores", ["AccountId", "EventId", "Score", "Flagged", "ReasonsJson", "TemplateKey", "TemplateSenderCount", "ScoredAt", "ClassifierVersion"]);
        var verdict = new RowBatch(connection, transaction, "SenderVerdicts", ["AccountId", "SenderId", "Score", "Flagged", "TopReasonsJson", "DmCount", "LatestDmAt", "LatestDmExcerpt", "Status", "UpdatedAt"]);
        const string reasons = """[{"signal":"template-shared-by-17-senders","weight":2.4,"reason":"The same text came from 17 other senders"},{"signal":"sent-within-minutes-of-follow","weight":1.6,"reason":"Sent 2 minutes after you followed"},{"signal":"link-shortener","weight":0.8,"reason":"Contains a shortened link"}]""";
        var random = new Random(20261126);
        var flagged = 0;
        var templates = new Dictionary<int, (string FirstSender, int Senders)>();
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

            var templateNumber = isFlagged ? (int)(200 * Math.Pow(random.NextDouble(), 4)) : -1;
            var template = isFlagged ? "tpl-" + templateNumber.ToString(CultureInfo.InvariantCulture) : null;
            if (isFlagged)
            {
                var (first, count) = templates.GetValueOrDefault(templateNumber, (id, 0));
                templates[templateNumber] = (first, count + 1);
            }
            await user.AddAsync(AccountId, id, "sender_" + i.ToString(CultureInfo.InvariantCulture), "Sender " + i.ToString(CultureInfo.InvariantCulture), "bio", false, false, stamp);
            var followedAt = Seconds(now.AddDays(-random.Next(1, 60)));
            await follow.AddAsync(AccountId, id, followedAt, followedAt, stamp);
            string text = "";
            var at = now.AddDays(-random.Next(1, 30));
            for (var d = 0; d < dmsPerSender; d++)
            {
                var eventId = (++sequence).ToString(CultureInfo.InvariantCulture);
                at = at.AddMinutes(random.Next(1, 600));
                text = template is null
                    ? $"Hey, about the meetup on day {d}: are you bringing the slides? ({i})"
                    : $"Thanks for the follow! {template} has a free guide for you: https://t.co/x{templateNumber}";
                await dm.AddAsync(AccountId, eventId, sequence, "MessageCreate", text, id, id + "-" + AccountId, Seconds(at), false, stamp);
                await score.AddAsync(AccountId, eventId, senderScore, isFlagged, reasons, (object?)template ?? DBNull.Value, 1, stamp, DmScorer.ClassifierVersion);
            }

            await verdict.AddAsync(AccountId, id, senderScore, isFlagged, reasons, dmsPerSender, Seconds(at), text, "Active", stamp);
        }

        foreach (var batch in new[] { user, follow, dm, score, verdict })
        {
            await batch.FlushAsync();
        }

        await transaction.CommitAsync();
        await new ScoreAggregates(db).RebuildAsync(AccountId, CancellationToken.None);
        await db.Database.ExecuteSqlRawAsync("ANALYZE;");
        return new SeedResult(flagged, top!, [.. templates.Values.OrderByDescending(t => t.Senders).Take(2).Select(t => (t.FirstSender, t.Senders))]);
    }

    /// <summary>
    /// Rows of one table written 200 at a time as one multi-row INSERT (quoted names, @ parameters): the same statement
    /// on SQLite and PostgreSQL, and one round trip per 200 rows instead of one per row.
    /// </summary>
    private sealed class RowBatch(DbConnection connection, DbTransaction transaction, string table, string[] columns)
    {
        private const int RowsPerStatement = 200;
        private readonly List<object[]> _rows = [];

        public async Task AddAsync(params object[] values)
        {
            _rows.Add(values);
            if (_rows.Count == RowsPerStatement)
            {
                await FlushAsync();
            }
        }

        public async Task FlushAsync()
        {
            if (_rows.Count == 0)
            {
                return;
            }

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var values = new List<string>(_rows.Count);
            for (var r = 0; r < _rows.Count; r++)
            {
                var names = new string[columns.Length];
                for (var c = 0; c < columns.Length; c++)
                {
                    names[c] = "@p" + (r * columns.Length + c).ToString(CultureInfo.InvariantCulture);
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = names[c];
                    parameter.Value = _rows[r][c];
                    command.Parameters.Add(parameter);
                }

                values.Add("(" + string.Join(", ", names) + ")");
            }

            command.CommandText = "INSERT INTO \"" + table + "\" (" + string.Join(", ", columns.Select(c => "\"" + c + "\"")) + ") VALUES " + string.Join(", ", values);
            await command.ExecuteNonQueryAsync();
            _rows.Clear();
        }
    }

    /// <summary>UTC to the whole second.</summary>
    private static DateTime Seconds(DateTime at) => new(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    private static async Task<(double[] Timings, long Bytes, double CpuMs)> TimeAsync(HttpClient client, string path, int requests)
    {
        long bytes = 0;
        for (var i = 0; i < 30; i++)
        {
            bytes = (await GetAsync(client, path)).Length;
        }

        ServerTimes.Forget(path);

        var timings = new double[requests];
        // CPU time of this process (server and client) per request: unlike the wall-clock times, it does not grow with
        // the machine's load, so it compares runs made at different loads.
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await GetAsync(client, path);
            timings[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        process.Refresh();
        Array.Sort(timings);
        return (timings, bytes, (process.TotalProcessorTime - cpu).TotalMilliseconds / requests);
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
