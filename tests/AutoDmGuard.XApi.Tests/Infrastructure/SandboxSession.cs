using AutoDmGuard.Testing.Sandbox;
using AutoDmGuard.XApiSandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoDmGuard.XApi.Tests.Infrastructure;

/// <summary>
/// A fresh sandbox on a real loopback port plus the real AddXApi() client pointed at it, the sandbox's admin client,
/// and sign-in through its consent page. One per test, so faults, billing and rate limits never leak between tests.
/// </summary>
internal sealed class SandboxSession : IAsyncDisposable
{
    public const string ClientId = "contract-tests";
    public const string ClientSecret = "contract-secret";
    public const string RedirectUri = "http://127.0.0.1/signin-x";

    private SandboxSession(SandboxHost sandbox, ServiceProvider services, SandboxAdminClient admin)
    {
        Sandbox = sandbox;
        Services = services;
        Admin = admin;
    }

    public SandboxHost Sandbox { get; }

    public ServiceProvider Services { get; }

    /// <summary>The sandbox's admin API (faults, billing, simulations, the following truth) and consent page.</summary>
    public SandboxAdminClient Admin { get; }

    public IXApiClient Client => Services.GetRequiredService<IXApiClient>();

    public IXOAuthClient OAuth => Services.GetRequiredService<IXOAuthClient>();

    public NewDmEventsReader Reader => Services.GetRequiredService<NewDmEventsReader>();

    /// <summary>Attempt timeout for tests that make the sandbox hang: a hang never answers, so any value times out.</summary>
    public static readonly TimeSpan HangAttemptTimeout = TimeSpan.FromSeconds(1);

    public static async Task<SandboxSession> StartAsync(
        Action<SandboxOptions>? sandbox = null, Action<XApiOptions>? client = null, ILoggerProvider? logs = null)
    {
        var options = new SandboxOptions { DemoDmCount = 150 };
        options.Clients.Add(new SandboxClient(ClientId, ClientSecret, [RedirectUri]));
        sandbox?.Invoke(options);
        var host = await SandboxHost.StartAsync(options);

        var services = new ServiceCollection().AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddXApi(o =>
        {
            o.ApiBaseUrl = host.BaseAddress;
            o.AuthorizeEndpoint = new Uri(host.BaseAddress, "i/oauth2/authorize");
            o.ClientId = ClientId;
            o.ClientSecret = ClientSecret;
            // Real HTTP on the real clock: a 1 s attempt timeout failed healthy, unretried writes (token exchange,
            // follow) when the 2-core CI machine was loaded. Hang tests pass HangAttemptTimeout instead.
            o.AttemptTimeout = TimeSpan.FromSeconds(15);
            o.TotalRequestTimeout = TimeSpan.FromSeconds(40);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            client?.Invoke(o);
        });
        return new SandboxSession(host, services.BuildServiceProvider(validateScopes: true), new SandboxAdminClient(host.BaseAddress));
    }

    /// <summary>
    /// Signs in like a browser: the consent page for the chosen account, the code from its redirect, then the code
    /// redeemed with PKCE through <see cref="IXOAuthClient"/>.
    /// </summary>
    public async Task<SignedIn> SignInAsync(string? username = null, IXOAuthClient? oauth = null)
    {
        var account = username is null ? Sandbox.SignableAccounts[0] : Sandbox.SignableAccounts.Single(a => a.Username == username);
        var verifier = XPkce.CreateVerifier();
        var state = XPkce.CreateState();
        oauth ??= OAuth;
        var authorize = oauth.BuildAuthorizeUri(RedirectUri, state, XPkce.CreateChallenge(verifier));

        var redirect = await Admin.ConsentAsync(authorize, account.Username);
        var callback = new RecordedRequest(HttpMethod.Get, redirect, null, null, null);
        Assert.Equal(state, callback.Query("state"));
        var code = callback.Query("code") ?? throw new InvalidOperationException("The consent redirect carried no code.");

        var token = await oauth.ExchangeCodeAsync(code, RedirectUri, verifier);
        return new SignedIn(account, token);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Services.DisposeAsync();
        await Sandbox.DisposeAsync();
    }
}

internal sealed record SignedIn(SandboxAccount Account, XTokenResponse Token)
{
    public string AccessToken => Token.AccessToken;

    public string UserId => Account.Id;
}
