using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AutoDmGuard.Testing.Sandbox;
using AutoDmGuard.XApiSandbox;
using BenchmarkDotNet.Attributes;

namespace AutoDmGuard.Benchmarks;

/// <summary>
/// What persisting the demo world (SandboxOptions.WorldPath: one journal line per change) costs a write request: follow
/// then unfollow over real HTTP, a world in memory (baseline) against a persisted one, both in one run. Run:
/// dotnet run -c Release --project tests/AutoDmGuard.Benchmarks -- --filter '*SandboxWorld*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class SandboxWorldBenchmarks
{
    private const string ClientId = "bench";
    private const string Secret = "bench-secret";
    private const string Callback = "http://127.0.0.1:5999/callback";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "autodmguard-bench", Guid.NewGuid().ToString("N"));
    private readonly List<SandboxHost> _sandboxes = [];
    private (HttpClient Http, string Target) _memory;
    private (HttpClient Http, string Target) _persisted;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _memory = await StartAsync(worldPath: null);
        _persisted = await StartAsync(Path.Combine(_folder, "demo-world.jsonl"));
    }

    [Benchmark(Baseline = true, Description = "POST follow + DELETE follow, world in memory")]
    public Task InMemory() => FollowThenUnfollowAsync(_memory);

    [Benchmark(Description = "POST follow + DELETE follow, world persisted (journal)")]
    public Task Persisted() => FollowThenUnfollowAsync(_persisted);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _memory.Http.Dispose();
        _persisted.Http.Dispose();
        foreach (var sandbox in _sandboxes)
        {
            await sandbox.DisposeAsync();
        }

        Console.WriteLine($"// journal: {new FileInfo(Path.Combine(_folder, "demo-world.jsonl")).Length} bytes");
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task FollowThenUnfollowAsync((HttpClient Http, string Target) sandbox)
    {
        var (http, target) = sandbox;
        var mira = DemoAccounts.Mira.Id;
        using var follow = await http.PostAsJsonAsync($"2/users/{mira}/following", new { target_user_id = target });
        follow.EnsureSuccessStatusCode();
        using var unfollow = await http.DeleteAsync($"2/users/{mira}/following/{target}");
        unfollow.EnsureSuccessStatusCode();
    }

    /// <summary>A sandbox, a client signed in as Mira, and a user to follow (ids differ per sandbox: the world is made from the clock).</summary>
    private async Task<(HttpClient, string)> StartAsync(string? worldPath)
    {
        var options = new SandboxOptions { RateLimitsEnabled = false, WorldPath = worldPath };
        options.Clients.Add(new SandboxClient(ClientId, Secret, [Callback]));
        var sandbox = await SandboxHost.StartAsync(options);
        _sandboxes.Add(sandbox);
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = sandbox.BaseAddress };
        using var admin = new SandboxAdminClient(sandbox.BaseAddress);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await AccessTokenAsync(http, admin));
        return (http, (await admin.UsersAsync())[^1].Id);
    }

    private static async Task<string> AccessTokenAsync(HttpClient http, SandboxAdminClient admin)
    {
        var verifier = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var authorize = new Uri(
            $"i/oauth2/authorize?response_type=code&client_id={ClientId}&redirect_uri={Uri.EscapeDataString(Callback)}" +
            $"&scope={Uri.EscapeDataString("tweet.read users.read follows.read follows.write")}&state=bench&code_challenge={challenge}&code_challenge_method=S256",
            UriKind.Relative);
        var decided = await admin.ConsentAsync(authorize, DemoAccounts.Mira.Username);
        var code = System.Web.HttpUtility.ParseQueryString(decided.Query)["code"]!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "2/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Callback, ["code_verifier"] = verifier,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{Secret}")));
        using var token = await http.SendAsync(request);
        using var body = await JsonDocument.ParseAsync(await token.EnsureSuccessStatusCode().Content.ReadAsStreamAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }
}
