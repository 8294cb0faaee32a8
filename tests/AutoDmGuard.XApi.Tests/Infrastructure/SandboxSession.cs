using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AutoDmGuard.XApiSandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoDmGuard.XApi.Tests.Infrastructure;

/// <summary>
/// A fresh sandbox on a real loopback port plus the real AddXApi() client pointed at it, and helpers for the sandbox's
/// admin API and OAuth consent flow. One per test, so faults, billing and rate limits never leak between tests.
/// </summary>
internal sealed partial class SandboxSession : IAsyncDisposable
{
    public const string ClientId = "contract-tests";
    public const string ClientSecret = "contract-secret";
    public const string RedirectUri = "http://127.0.0.1/signin-x";

    private SandboxSession(SandboxHost sandbox, ServiceProvider services, HttpClient admin)
    {
        Sandbox = sandbox;
        Services = services;
        Admin = admin;
    }

    public SandboxHost Sandbox { get; }

    public ServiceProvider Services { get; }

    /// <summary>Plain HTTP to the sandbox (admin API, consent page); never follows redirects.</summary>
    public HttpClient Admin { get; }

    public IXApiClient Client => Services.GetRequiredService<IXApiClient>();

    public IXOAuthClient OAuth => Services.GetRequiredService<IXOAuthClient>();

    public DmEventsReader Reader => Services.GetRequiredService<DmEventsReader>();

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
        var admin = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        return new SandboxSession(host, services.BuildServiceProvider(validateScopes: true), admin);
    }

    /// <summary>
    /// Signs in like a browser: GET the consent page, POST its form for the chosen account, read the code from the
    /// redirect, then redeem it with PKCE through <see cref="IXOAuthClient"/>.
    /// </summary>
    public async Task<SignedIn> SignInAsync(string? username = null, IXOAuthClient? oauth = null)
    {
        var account = username is null ? Sandbox.SignableAccounts[0] : Sandbox.SignableAccounts.Single(a => a.Username == username);
        var verifier = XPkce.CreateVerifier();
        var state = XPkce.CreateState();
        oauth ??= OAuth;
        var authorize = oauth.BuildAuthorizeUri(RedirectUri, state, XPkce.CreateChallenge(verifier));

        var page = await Admin.GetStringAsync(authorize);
        var form = HiddenInput().Matches(page).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        Assert.Contains($"id=\"account-{account.Username}\"", page, StringComparison.Ordinal);
        form["user_id"] = account.Id;
        form["decision"] = "allow";
        using var consent = await Admin.PostAsync(new Uri(Sandbox.BaseAddress, "i/oauth2/authorize"), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var callback = new RecordedRequest(HttpMethod.Get, consent.Headers.Location!, null, null, null);
        Assert.Equal(state, callback.Query("state"));
        var code = callback.Query("code") ?? throw new InvalidOperationException("The consent redirect carried no code.");

        var token = await oauth.ExchangeCodeAsync(code, RedirectUri, verifier);
        return new SignedIn(account, token);
    }

    public async Task AddFaultAsync(string route, string fault, int count = 1)
    {
        using var response = await Admin.PostAsJsonAsync("_sandbox/faults", new Dictionary<string, object> { ["route"] = route, ["fault"] = fault, ["count"] = count });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Faults still queued for a route (each request of the route consumes one).</summary>
    public async Task<int> FaultsRemainingAsync(string route)
    {
        using var json = JsonDocument.Parse(await Admin.GetStringAsync("_sandbox/faults"));
        return json.RootElement.GetProperty("faults").EnumerateArray()
            .Where(f => f.GetProperty("route").GetString() == route)
            .Sum(f => f.GetProperty("remaining").GetInt32());
    }

    public async Task<IReadOnlySet<string>> FollowingTruthAsync(string userId)
    {
        using var json = JsonDocument.Parse(await Admin.GetStringAsync($"_sandbox/users/{userId}/following"));
        return json.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    public async Task<long> BillableDmReadsAsync()
    {
        using var json = JsonDocument.Parse(await Admin.GetStringAsync("_sandbox/billing"));
        return json.RootElement.GetProperty("dm_event_reads_billable").GetInt64();
    }

    public async Task<JsonElement> SimulateAsync(string action, object body)
    {
        using var response = await Admin.PostAsJsonAsync($"_sandbox/simulate/{action}", body);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Services.DisposeAsync();
        await Sandbox.DisposeAsync();
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenInput();
}

internal sealed record SignedIn(SandboxAccount Account, XTokenResponse Token)
{
    public string AccessToken => Token.AccessToken;

    public string UserId => Account.Id;
}
