using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AutoDmGuard.Testing.Sandbox;

/// <summary>
/// The X API sandbox's admin API (<c>/_sandbox/...</c>, docs/sandbox.md) and its consent page, typed, for every test
/// project and the benchmarks: one place that knows the routes and bodies. Every call throws
/// <see cref="HttpRequestException"/> when the sandbox refuses it. Compiled into each project from tests/Shared.
/// </summary>
public sealed partial class SandboxAdminClient : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="sandbox">The sandbox's base address (e.g. <c>SandboxHost.BaseAddress</c>).</param>
    public SandboxAdminClient(Uri sandbox)
    {
        // Redirects are the consent page's answer, so they are read, not followed.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = sandbox };
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>POST /_sandbox/faults: the next <paramref name="count"/> calls of <paramref name="route"/> (e.g. "POST /2/oauth2/token") fail with <paramref name="fault"/> (401, 429, 500, 503, hang, malformed, truncated).</summary>
    public async Task AddFaultAsync(string route, string fault, int count = 1)
    {
        using var response = await _http.PostAsJsonAsync(Relative("_sandbox/faults"), new { route, fault, count });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>DELETE /_sandbox/faults.</summary>
    public async Task ClearFaultsAsync()
    {
        using var response = await _http.DeleteAsync(Relative("_sandbox/faults"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Faults still queued for a route (each request of the route consumes one).</summary>
    public async Task<int> FaultsRemainingAsync(string route)
    {
        using var json = await GetJsonAsync("_sandbox/faults");
        return json.RootElement.GetProperty("faults").EnumerateArray()
            .Where(f => f.GetProperty("route").GetString() == route)
            .Sum(f => f.GetProperty("remaining").GetInt32());
    }

    /// <summary>GET /_sandbox/users: every user the sandbox knows, in its order.</summary>
    public async Task<IReadOnlyList<SandboxUserEntry>> UsersAsync()
    {
        using var json = await GetJsonAsync("_sandbox/users");
        return [.. json.RootElement.GetProperty("users").EnumerateArray().Select(u => new SandboxUserEntry(
            u.GetProperty("id").GetString()!, u.GetProperty("username").GetString()!, u.GetProperty("signable").GetBoolean()))];
    }

    /// <summary>GET /_sandbox/users/{id}/following: the ids the user follows, newest first (the sandbox's truth, not the API's pages).</summary>
    public async Task<IReadOnlyList<string>> FollowingAsync(string userId)
    {
        using var json = await GetJsonAsync($"_sandbox/users/{userId}/following");
        return [.. json.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>POST /_sandbox/users/{id}/revoke-tokens: the user revokes the app at X.</summary>
    public async Task RevokeTokensAsync(string userId)
    {
        using var response = await _http.PostAsync(Relative($"_sandbox/users/{userId}/revoke-tokens"), null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>GET /_sandbox/billing: the meter, as the sandbox writes it.</summary>
    public async Task<JsonElement> BillingAsync()
    {
        using var json = await GetJsonAsync("_sandbox/billing");
        return json.RootElement.Clone();
    }

    /// <summary>Billable DM event reads (all days): of one user, or of everyone when <paramref name="userId"/> is null.</summary>
    public async Task<long> BillableDmReadsAsync(string? userId = null)
    {
        var billing = await BillingAsync();
        return userId is null
            ? billing.GetProperty("dm_event_reads_billable").GetInt64()
            : billing.GetProperty("users").TryGetProperty(userId, out var n) ? n.GetInt64() : 0;
    }

    /// <summary>
    /// GET /_sandbox/requests: the X API requests the sandbox answered after sequence number <paramref name="since"/>
    /// (0: all it still keeps), oldest first, optionally only of one <paramref name="route"/> (e.g.
    /// "DELETE /2/users/:source_user_id/following/:target_user_id") or one user (whose bearer token was sent).
    /// </summary>
    public async Task<SandboxRequestLog> RequestsAsync(long since = 0, string? route = null, string? userId = null)
    {
        var query = new List<string> { "since=" + since.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (route is not null)
        {
            query.Add("route=" + Uri.EscapeDataString(route));
        }

        if (userId is not null)
        {
            query.Add("user_id=" + Uri.EscapeDataString(userId));
        }

        using var json = await GetJsonAsync("_sandbox/requests?" + string.Join('&', query));
        var root = json.RootElement;
        return new SandboxRequestLog(
            root.GetProperty("last").GetInt64(),
            root.GetProperty("dropped").GetInt64(),
            [.. root.GetProperty("requests").EnumerateArray().Select(e => new SandboxRequest(
                e.GetProperty("seq").GetInt64(),
                e.GetProperty("method").GetString()!,
                e.GetProperty("path").GetString()!,
                e.GetProperty("route").GetString()!,
                e.GetProperty("user_id").GetString(),
                e.GetProperty("started_at").GetDateTime().ToUniversalTime(),
                e.GetProperty("ended_at").ValueKind == JsonValueKind.Null ? null : e.GetProperty("ended_at").GetDateTime().ToUniversalTime(),
                e.GetProperty("status").ValueKind == JsonValueKind.Null ? null : e.GetProperty("status").GetInt32()))]);
    }

    /// <summary>DELETE /_sandbox/requests: forgets the requests logged so far (sequence numbers go on).</summary>
    public async Task ClearRequestsAsync()
    {
        using var response = await _http.DeleteAsync(Relative("_sandbox/requests"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// POST /_sandbox/simulate/{action}: "follow-autodm" (a new follower auto-DMs <paramref name="userId"/>), "friend-dm",
    /// or "burst" (<paramref name="count"/> DMs). Returns how the sandbox describes its change.
    /// </summary>
    public async Task<JsonElement> SimulateAsync(string action, string userId, int? count = null)
    {
        object body = count is null ? new { user_id = userId } : new { user_id = userId, count };
        using var response = await _http.PostAsJsonAsync(Relative("_sandbox/simulate/" + action), body);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    /// <summary>
    /// Does what a browser does on the consent page at <paramref name="authorizeUri"/> (the app's or an OAuth client's
    /// redirect to /i/oauth2/authorize): opens it, picks <paramref name="username"/> (the first account when null),
    /// and clicks Authorize or Cancel. Returns where the sandbox sends the browser (the redirect_uri with code or error).
    /// </summary>
    public async Task<Uri> ConsentAsync(Uri authorizeUri, string? username = null, bool allow = true)
    {
        ArgumentNullException.ThrowIfNull(authorizeUri);
        var page = await _http.GetStringAsync(authorizeUri.IsAbsoluteUri ? authorizeUri : new Uri(BaseAddress, authorizeUri));
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match hidden in HiddenInput().Matches(page))
        {
            form[hidden.Groups["name"].Value] = WebUtility.HtmlDecode(hidden.Groups["value"].Value);
        }

        var account = username is null ? FirstAccount().Match(page) : AccountNamed(username).Match(page);
        if (!account.Success)
        {
            throw new InvalidOperationException($"The consent page offers no account {username ?? "at all"}:\n{page}");
        }

        form["user_id"] = WebUtility.HtmlDecode(account.Groups["id"].Value);
        form["decision"] = allow ? "allow" : "deny";
        using var content = new FormUrlEncodedContent(form);
        using var decided = await _http.PostAsync(Relative("i/oauth2/authorize"), content);
        return decided.StatusCode == HttpStatusCode.Redirect && decided.Headers.Location is { } location
            ? location
            : throw new HttpRequestException($"The consent POST answered {(int)decided.StatusCode}: {await decided.Content.ReadAsStringAsync()}");
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(Relative(path));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static Uri Relative(string path) => new(path, UriKind.Relative);

    private static Regex AccountNamed(string username) =>
        new($"<input type=\"radio\" name=\"user_id\" id=\"account-{Regex.Escape(WebUtility.HtmlEncode(username))}\" value=\"(?<id>[^\"]*)\"", RegexOptions.CultureInvariant);

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">", RegexOptions.CultureInvariant)]
    private static partial Regex HiddenInput();

    [GeneratedRegex("<input type=\"radio\" name=\"user_id\" id=\"[^\"]*\" value=\"(?<id>[^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex FirstAccount();
}

/// <summary>GET /_sandbox/requests: <see cref="Last"/> is the newest sequence number (pass it as since next time), <see cref="Dropped"/> how many the bounded log has forgotten.</summary>
public sealed record SandboxRequestLog(long Last, long Dropped, IReadOnlyList<SandboxRequest> Requests);

/// <summary>One X API request as the sandbox saw it: <see cref="UserId"/> is whose bearer token it carried (null: none or unknown), times on the sandbox's clock, <see cref="Status"/> null while unanswered.</summary>
public sealed record SandboxRequest(long Seq, string Method, string Path, string Route, string? UserId, DateTime StartedAt, DateTime? EndedAt, int? Status);

/// <summary>One row of GET /_sandbox/users.</summary>
public sealed record SandboxUserEntry(string Id, string Username, bool Signable);
