using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AutoDmGuard.Testing.Sandbox;
using Microsoft.Extensions.Time.Testing;

namespace AutoDmGuard.XApiSandbox.Tests.Support;

/// <summary>
/// A sandbox on a real loopback port with a fake clock, plus an HTTP client that does not follow redirects and the
/// shared admin client for setting up and reading the world (tests of the admin API itself call it over <see cref="Http"/>).
/// </summary>
public sealed class TestSandbox : IAsyncDisposable
{
    public const string ConfidentialId = "test-confidential";
    public const string ConfidentialSecret = "s3cret-for-tests";
    public const string PublicId = "test-public";
    public const string RedirectUri = "http://127.0.0.1:5999/callback";
    public const string AllScopes = "tweet.read users.read dm.read follows.read follows.write mute.read mute.write offline.access";
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private TestSandbox(SandboxHost host, FakeTimeProvider clock)
    {
        Host = host;
        Clock = clock;
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        Admin = new SandboxAdminClient(host.BaseAddress);
    }

    public SandboxHost Host { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Http { get; }

    public SandboxAdminClient Admin { get; }

    public static async Task<TestSandbox> StartAsync(Action<SandboxOptions>? configure = null, DateTimeOffset? start = null)
    {
        var clock = new FakeTimeProvider(start ?? Start);
        var options = new SandboxOptions { TimeProvider = clock };
        options.Clients.Add(new SandboxClient(ConfidentialId, ConfidentialSecret, [RedirectUri]));
        options.Clients.Add(new SandboxClient(PublicId, null, [RedirectUri]));
        configure?.Invoke(options);
        return new TestSandbox(await SandboxHost.StartAsync(options), clock);
    }

    public static string S256(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string AuthorizeQuery(string clientId = ConfidentialId, string scopes = AllScopes, string state = "state-1",
        string challenge = "", string method = "S256", string redirectUri = RedirectUri) =>
        $"i/oauth2/authorize?response_type=code&client_id={Uri.EscapeDataString(clientId)}&redirect_uri={Uri.EscapeDataString(redirectUri)}" +
        $"&scope={Uri.EscapeDataString(scopes)}&state={Uri.EscapeDataString(state)}&code_challenge={Uri.EscapeDataString(challenge)}&code_challenge_method={method}";

    /// <summary>Posts the consent form as the browser would; returns the redirect target.</summary>
    public async Task<Uri> ConsentAsync(string userId, string decision = "allow", string clientId = ConfidentialId, string scopes = AllScopes,
        string state = "state-1", string challenge = "", string method = "S256", string redirectUri = RedirectUri)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = clientId, ["redirect_uri"] = redirectUri, ["response_type"] = "code", ["scope"] = scopes,
            ["state"] = state, ["code_challenge"] = challenge, ["code_challenge_method"] = method, ["user_id"] = userId,
            ["decision"] = decision,
        });
        using var response = await Http.PostAsync("i/oauth2/authorize", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    public async Task<string> CodeAsync(string userId, string verifier, string clientId = ConfidentialId, string scopes = AllScopes, string method = "S256")
    {
        var location = await ConsentAsync(userId, clientId: clientId, scopes: scopes, challenge: method == "S256" ? S256(verifier) : verifier, method: method);
        return Query(location)["code"];
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> TokenAsync(IDictionary<string, string> form, string? basicId = ConfidentialId, string? basicSecret = ConfidentialSecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "2/oauth2/token") { Content = new FormUrlEncodedContent(form) };
        if (basicId is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basicId}:{basicSecret}")));
        }

        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> ExchangeAsync(string code, string verifier, string redirectUri = RedirectUri) =>
        await TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri, ["code_verifier"] = verifier,
        });

    /// <summary>Consent + code exchange for a confidential client; returns the token response.</summary>
    public async Task<JsonElement> SignInAsync(string userId, string scopes = AllScopes)
    {
        var verifier = "verifier-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        var code = await CodeAsync(userId, verifier, scopes: scopes);
        var (status, body) = await ExchangeAsync(code, verifier);
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    public async Task<string> AccessTokenAsync(string userId, string scopes = AllScopes) =>
        (await SignInAsync(userId, scopes)).GetProperty("access_token").GetString()!;

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? token, object? json = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(json), Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        return await ApiResponse.ReadAsync(response);
    }

    public Task<ApiResponse> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    public static Dictionary<string, string> Query(Uri uri) =>
        uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : string.Empty), StringComparer.Ordinal);

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Admin.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>Status, headers and parsed JSON body of one API call.</summary>
public sealed record ApiResponse(HttpStatusCode Status, string? MediaType, IReadOnlyDictionary<string, string> Headers, JsonElement Body, string Text)
{
    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = default(JsonElement);
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
        {
            using var doc = JsonDocument.Parse(text);
            body = doc.RootElement.Clone();
        }

        var headers = response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value), StringComparer.Ordinal);
        return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, headers, body, text);
    }

    public long HeaderLong(string name) => long.Parse(Headers[name], System.Globalization.CultureInfo.InvariantCulture);
}
