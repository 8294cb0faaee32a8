namespace AutoDmGuard.Web.Tests.Infrastructure;

/// <summary>A sandbox account signed in to the app: its HttpClient carries the session cookie (redirects are not followed).</summary>
public sealed class SignedInUser(HttpClient client, string accountId, string username) : IDisposable
{
    public HttpClient Client { get; } = client;

    public string AccountId { get; } = accountId;

    public string Username { get; } = username;

    public Task<string> GetPageAsync(string path) => Client.GetPageAsync(path);

    /// <summary>Posts a form with an antiforgery token, as the page's own form would (see <see cref="HttpClientPageExtensions.PostFormAsync"/>).</summary>
    public Task<HttpResponseMessage> PostFormAsync(string action, IEnumerable<KeyValuePair<string, string>>? fields = null, string? tokenFrom = null) =>
        Client.PostFormAsync(action, fields, tokenFrom);

    /// <summary>The header's Sign out button.</summary>
    public Task<HttpResponseMessage> SignOutAsync() => Client.PostFormAsync("/Account/SignOut", tokenFrom: "/");

    public void Dispose() => Client.Dispose();
}
