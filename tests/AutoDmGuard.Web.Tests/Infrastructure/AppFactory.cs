using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using AutoDmGuard.Testing.Sandbox;
using AutoDmGuard.Web.Data;
using AutoDmGuard.XApiSandbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;

namespace AutoDmGuard.Web.Tests.Infrastructure;

/// <summary>
/// The app as tests see it: its own database (real migrations) on this pass's provider (<see cref="TestDatabase"/>: a
/// SQLite file in a temp folder, or a PostgreSQL database of its own), an in-process X sandbox over real
/// HTTP (started in <see cref="InitializeAsync"/>) instead of X, one <see cref="FakeTimeProvider"/> shared by app and
/// sandbox, the polling worker off, and every log event captured. Use it as an xUnit class fixture, or
/// <c>await using var app = await AppFactory.StartAsync();</c> for a test that needs a host of its own.
/// Vary one host through <see cref="Settings"/> (before first use) or <see cref="ConfigureSandbox"/> in a subclass.
/// The entry point is named by <see cref="AppDbContext"/>, a type of the Web assembly: <c>Program</c> alone is ambiguous
/// here, as the referenced sandbox project has a top-level Program too.
/// </summary>
public class AppFactory : WebApplicationFactory<AppDbContext>, IAsyncLifetime
{
    public const string ClientId = "autodmguard-tests";

    private SandboxHost? _sandbox;
    private TestDatabase? _database;
    private SandboxAdminClient? _sandboxAdmin;
    private bool _disposed;

    public string ClientSecret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>The clock of app and sandbox; starts at the real now (Data Protection keys and cookies stay plausible).</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public SandboxHost Sandbox => _sandbox ?? throw new InvalidOperationException("The sandbox starts in InitializeAsync (xUnit calls it for fixtures).");

    /// <summary>The sandbox's admin API (faults, simulations, billing, the following truth, revocation) and consent page.</summary>
    public SandboxAdminClient SandboxAdmin => _sandboxAdmin ??= new SandboxAdminClient(Sandbox.BaseAddress);

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "autodmguard-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The SQLite file in the data folder (SQLite pass only; the PostgreSQL pass keeps no file there).</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "autodmguard.db");

    /// <summary>This host's database (made in <see cref="InitializeAsync"/>).</summary>
    public TestDatabase Database => _database ?? throw new InvalidOperationException("The database is made in InitializeAsync.");

    public CapturedLogs Logs { get; } = new();

    /// <summary>What the app sent to the sandbox ("POST /2/oauth2/token", ...).</summary>
    public XRequestLog XRequests { get; } = new();

    /// <summary>Extra configuration for this host (e.g. "Accounts:RefreshBeforeExpiry"); set before the first client is created.</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>Extra test services (e.g. a fault-injecting interceptor); set before the first client is created.</summary>
    public Action<IServiceCollection>? TestServices { get; set; }

    /// <summary>Starts a factory (and its sandbox) outside xUnit's fixture handling.</summary>
    public static async Task<AppFactory> StartAsync(Action<AppFactory>? configure = null)
    {
        var factory = new AppFactory();
        configure?.Invoke(factory);
        await factory.InitializeAsync();
        return factory;
    }

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabasePath);
        var options = new SandboxOptions { TimeProvider = Clock };
        ConfigureSandbox(options);
        _sandbox = await SandboxHost.StartAsync(options);
        RegisterAppAddresses(new Uri("http://localhost/"));
    }

    /// <summary>Adjust the sandbox before it starts (dump, demo sizes, lifetimes).</summary>
    protected virtual void ConfigureSandbox(SandboxOptions options)
    {
    }

    /// <summary>Registers the app's /signin-x callback at these base addresses with the sandbox (replacing earlier ones).</summary>
    public void RegisterAppAddresses(params Uri[] appBaseAddresses) =>
        Sandbox.RegisterClient(new SandboxClient(ClientId, ClientSecret, [.. appBaseAddresses.Select(a => new Uri(a, "signin-x").AbsoluteUri)]));

    /// <summary>Serves the app from real Kestrel on 127.0.0.1 and a free port (browser tests); returns its base address.</summary>
    public Uri StartKestrel()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseAddress = new Uri(address.TrimEnd('/') + "/");
        RegisterAppAddresses(baseAddress, new UriBuilder(baseAddress) { Host = "localhost" }.Uri);
        return baseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");

        // UseSetting reaches Program.cs before Build(), where data folder and X endpoints are decided.
        builder.UseSetting("Data:Directory", DataDirectory);
        builder.UseSetting("Sandbox:BaseAddress", Sandbox.BaseAddress.AbsoluteUri);
        builder.UseSetting("X:ClientId", ClientId);
        builder.UseSetting("X:ClientSecret", ClientSecret);
        builder.UseSetting("Polling:Enabled", "false");
        foreach (var (key, value) in Database.AppSettings().Concat(Settings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ILogEventSink>(Logs);
            services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(XRequests.CreateHandler));
            TestServices?.Invoke(services);
        });
    }

    /// <summary>
    /// Another app host on this host's database, X sandbox (and client secret) and key-encryption certificate: a
    /// second instance of a fleet. Its own clock; its own sandbox runs idle. Dispose it before this host.
    /// </summary>
    public async Task<AppFactory> StartSecondInstanceAsync()
    {
        // Builds this host (migrations, and the certificate made in its keys folder) before the second reads them.
        _ = Services;
        var second = new AppFactory();
        foreach (var (key, value) in Database.AppSettings())
        {
            second.Settings[key] = value;
        }

        second.Settings["ConnectionStrings:AutoDmGuard"] = Database.ConnectionString;
        second.Settings["Sandbox:BaseAddress"] = Sandbox.BaseAddress.AbsoluteUri;
        second.Settings["X:ClientSecret"] = ClientSecret;
        second.Settings["Accounts:KeyEncryptionCertificate"] = Path.Combine(DataDirectory, "keys", AutoDmGuard.Web.Accounts.KeyRing.CertificateFileName);
        await second.InitializeAsync();
        return second;
    }

    /// <summary>
    /// A client of the app that does not follow redirects and keeps its cookies in <paramref name="browser"/>: clients
    /// of several hosts (all at http://localhost/) on one jar are one browser behind a load balancer.
    /// </summary>
    public HttpClient CreateBrowserClient(CookieContainer browser) =>
        CreateDefaultClient(new CookieContainerHandler(browser));

    /// <summary>A client of the app that keeps cookies and does not follow redirects (tests follow them on purpose).</summary>
    public HttpClient CreateAppClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The whole sign-in: app /signin → sandbox consent (as <paramref name="username"/>, default the first account) → app callback.</summary>
    public async Task<SignedInUser> SignInAsync(string? username = null)
    {
        var client = CreateAppClient();
        var callback = await ConsentAsync(client, username, allow: true);
        using (var back = await client.GetAsync(callback))
        {
            Assert.True(back.StatusCode == HttpStatusCode.Redirect, $"The callback answered {(int)back.StatusCode} {back.Headers.Location}");
            Assert.Equal("/", back.Headers.Location?.OriginalString);
        }

        var home = await client.GetPageAsync("/");
        var accountId = HtmlForms.AttributeOfId(home, "main", "data-account-id");
        var handle = HtmlForms.TextOfId(home, "signed-in-handle");
        Assert.False(string.IsNullOrEmpty(accountId), "The home page shows no signed-in account after sign-in.");
        var expected = Account(username);
        Assert.Equal(expected.Id, accountId);
        Assert.Equal("@" + expected.Username, handle);
        return new SignedInUser(client, accountId, expected.Username);
    }

    /// <summary>
    /// The browser's part of sign-in up to the consent decision: GET <paramref name="startPath"/> on the app, open the
    /// consent page it redirects to, pick the account and Authorize (or Cancel). Returns where the sandbox sends the browser back to.
    /// </summary>
    public async Task<Uri> ConsentAsync(HttpClient appClient, string? username, bool allow, string startPath = "/signin")
    {
        ArgumentNullException.ThrowIfNull(appClient);
        using var start = await appClient.GetAsync(new Uri(startPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        return await DecideOnConsentPageAsync(start.Headers.Location!, username, allow);
    }

    /// <summary>Opens the sandbox's consent page at <paramref name="authorizeUri"/>, picks the account, Authorize or Cancel.</summary>
    public async Task<Uri> DecideOnConsentPageAsync(Uri authorizeUri, string? username, bool allow)
    {
        ArgumentNullException.ThrowIfNull(authorizeUri);
        Assert.StartsWith(new Uri(Sandbox.BaseAddress, "i/oauth2/authorize").AbsoluteUri, authorizeUri.AbsoluteUri, StringComparison.Ordinal);
        return await SandboxAdmin.ConsentAsync(authorizeUri, Account(username).Username, allow);
    }

    public SandboxAccount Account(string? username) =>
        username is null ? Sandbox.SignableAccounts[0] : Sandbox.SignableAccounts.Single(a => a.Username == username);

    /// <summary>Runs <paramref name="work"/> with a fresh scope's DbContext.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Runs <paramref name="work"/> with a service from a fresh scope (e.g. AccountTokenService).</summary>
    public async Task<TResult> WithServiceAsync<TService, TResult>(Func<TService, Task<TResult>> work)
        where TService : notnull
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _sandboxAdmin?.Dispose();
        await base.DisposeAsync();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        GC.SuppressFinalize(this);
    }
}
