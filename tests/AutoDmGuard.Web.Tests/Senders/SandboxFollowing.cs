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
        using var sandbox = app.CreateSandboxClient();
        using var document = await sandbox.GetFromJsonAsync<JsonDocument>(new Uri($"/_sandbox/users/{userId}/following", UriKind.Relative));
        return [.. document!.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!)];
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
