using System.Security.Cryptography;
using AutoDmGuard.Testing.Sandbox;
using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Hosting;
using AutoDmGuard.Web.Polling;
using AutoDmGuard.XApi;
using AutoDmGuard.XApiSandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoDmGuard.Benchmarks;

/// <summary>
/// The Web app's services (data, X client, accounts, polling) without Kestrel, on a temp SQLite file, against an
/// in-process sandbox over real HTTP; one sandbox account signed in through the real OAuth PKCE flow.
/// </summary>
internal sealed class PollingBenchHost : IAsyncDisposable
{
    private const string ClientId = "autodmguard-bench";
    private const string RedirectUri = "http://127.0.0.1/signin-x";

    private PollingBenchHost(Uri sandboxAddress, IAsyncDisposable? sandbox, WebApplication app, string dataDirectory, string secret)
    {
        _secret = secret;
        SandboxAddress = sandboxAddress;
        SandboxAdmin = new SandboxAdminClient(sandboxAddress);
        _sandbox = sandbox;
        App = app;
        DataDirectory = dataDirectory;
    }

    private readonly IAsyncDisposable? _sandbox;
    private readonly string _secret;

    /// <summary>Where the sandbox listens (in this process, or a child process so the app's memory is measured alone).</summary>
    public Uri SandboxAddress { get; }

    /// <summary>The sandbox's admin API (billing, simulations) and consent page.</summary>
    public SandboxAdminClient SandboxAdmin { get; }

    public WebApplication App { get; }

    public string DataDirectory { get; }

    public static async Task<PollingBenchHost> StartAsync(
        SandboxOptions sandboxOptions, TimeProvider clock, IDictionary<string, string?>? settings = null, bool sandboxInChildProcess = false, bool servePages = false)
    {
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        Uri sandboxAddress;
        IAsyncDisposable sandbox;
        if (sandboxInChildProcess)
        {
            var child = await ChildSandbox.StartAsync(sandboxOptions, new SandboxClient(ClientId, secret, [RedirectUri]));
            (sandboxAddress, sandbox) = (child.BaseAddress, child);
        }
        else
        {
            sandboxOptions.TimeProvider = clock;
            sandboxOptions.Clients.Add(new SandboxClient(ClientId, secret, [RedirectUri]));
            var inProcess = await SandboxHost.StartAsync(sandboxOptions);
            (sandboxAddress, sandbox) = (inProcess.BaseAddress, inProcess);
        }

        var dataDirectory = Path.Combine(Path.GetTempPath(), "autodmguard-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var app = await BuildAppAsync(sandboxAddress, secret, dataDirectory, clock, settings, servePages);
        return new PollingBenchHost(sandboxAddress, sandbox, app, dataDirectory, secret);
    }

    /// <summary>
    /// A second app instance beside <paramref name="first"/>: same sandbox, same data folder (so the same database and
    /// key ring; the folder's instance id is locked by the first, so this one gets an id of its own), own services.
    /// </summary>
    public static async Task<PollingBenchHost> StartBesideAsync(PollingBenchHost first, TimeProvider clock, IDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        var app = await BuildAppAsync(first.SandboxAddress, first._secret, first.DataDirectory, clock, settings, servePages: false);
        return new PollingBenchHost(first.SandboxAddress, sandbox: null, app, first.DataDirectory, first._secret) { _ownsDataDirectory = false };
    }

    private bool _ownsDataDirectory = true;

    private static async Task<WebApplication> BuildAppAsync(
        Uri sandboxAddress, string secret, string dataDirectory, TimeProvider clock, IDictionary<string, string?>? settings, bool servePages)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = AppHostArgs.With([]),
            ApplicationName = servePages ? DashboardBenchmarks.WebApplicationName : null,
            ContentRootPath = dataDirectory,
            EnvironmentName = "Production",
        });
        var config = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Data:Directory"] = dataDirectory,
            ["X:ClientId"] = ClientId,
            ["X:ClientSecret"] = secret,
            ["X:ApiBaseUrl"] = sandboxAddress.AbsoluteUri,
            ["X:AuthorizeEndpoint"] = new Uri(sandboxAddress, "i/oauth2/authorize").AbsoluteUri,
            ["Polling:Enabled"] = "false",
            ["Dashboard:BulkExecutorEnabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(clock);
        // The app's own composition (Program.cs). X:ClientId is set and points at the sandbox, reached like real X:
        // demo mode stays off.
        await builder.AddAutoDmGuardAsync();
        if (servePages)
        {
            DashboardBenchmarks.AddPages(builder);
        }

        var app = builder.Build();
        await app.MigrateDatabaseAsync();
        if (servePages)
        {
            await DashboardBenchmarks.StartPagesAsync(app);
        }

        return app;
    }

    /// <summary>Signs a sandbox account in the way a browser would: consent page, code, token exchange, account saved.</summary>
    public async Task<string> SignInFirstAccountAsync(CancellationToken cancellationToken = default)
    {
        var first = (await SandboxAdmin.UsersAsync()).First(u => u.Signable);
        return await SignInAsync(first.Username, cancellationToken);
    }

    public async Task<string> SignInAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var oauth = scope.ServiceProvider.GetRequiredService<IXOAuthClient>();
        var verifier = XPkce.CreateVerifier();
        var authorize = oauth.BuildAuthorizeUri(RedirectUri, XPkce.CreateState(), XPkce.CreateChallenge(verifier));
        var query = (await SandboxAdmin.ConsentAsync(authorize, username)).Query;
        var code = query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Single(p => p[0] == "code")[1];

        var token = await oauth.ExchangeCodeAsync(Uri.UnescapeDataString(code), RedirectUri, verifier, cancellationToken);
        var me = await scope.ServiceProvider.GetRequiredService<IXApiClient>().GetMeAsync(token.AccessToken, cancellationToken);
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await scope.ServiceProvider.GetRequiredService<AccountStore>().SaveSignInAsync(me.Data!, token, now, cancellationToken);
        return me.Data!.Id;
    }

    public async Task<PollingPassResult> RunPassAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PollingPass>().RunOnceAsync(cancellationToken);
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        SandboxAdmin.Dispose();
        await App.DisposeAsync();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        if (!_ownsDataDirectory)
        {
            return;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
