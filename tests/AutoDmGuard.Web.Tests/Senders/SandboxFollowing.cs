using System.Net.Http.Json;
using System.Text.Json;
using AutoDmGuard.Web.Tests.Infrastructure;

namespace AutoDmGuard.Web.Tests.Senders;

/// <summary>The sandbox's truth about follow edges (GET /_sandbox/users/{id}/following).</summary>
public static class SandboxFollowing
{
    public static async Task<IReadOnlyList<string>> IdsAsync(AppFactory app, string userId)
    {
        ArgumentNullException.ThrowIfNull(app);
        return await IdsAsync(app.Sandbox.BaseAddress, userId);
    }

    /// <summary>The following ids, newest first, of a sandbox at <paramref name="sandbox"/> (e.g. the one an app process hosts).</summary>
    public static async Task<IReadOnlyList<string>> IdsAsync(Uri sandbox, string userId)
    {
        using var client = new HttpClient { BaseAddress = sandbox };
        using var document = await client.GetFromJsonAsync<JsonDocument>(new Uri($"/_sandbox/users/{userId}/following", UriKind.Relative));
        return [.. document!.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>Every user id the sandbox at <paramref name="sandbox"/> knows (GET /_sandbox/users).</summary>
    public static async Task<IReadOnlySet<string>> UserIdsAsync(Uri sandbox)
    {
        using var client = new HttpClient { BaseAddress = sandbox };
        using var document = await client.GetFromJsonAsync<JsonDocument>(new Uri("/_sandbox/users", UriKind.Relative));
        return document!.RootElement.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Injects a fault into the sandbox (POST /_sandbox/faults).</summary>
    public static async Task FaultAsync(AppFactory app, string route, string fault, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var sandbox = app.CreateSandboxClient();
        using var response = await sandbox.PostAsJsonAsync(new Uri("/_sandbox/faults", UriKind.Relative), new { route, fault, count });
        response.EnsureSuccessStatusCode();
    }
}
