namespace AutoDmGuard.Web.Tests.Infrastructure;

/// <summary>A sandbox account signed in to the app: its HttpClient carries the session cookie (redirects are not followed).</summary>
public sealed class SignedInUser(HttpClient client, string accountId, string username) : IDisposable
{
    public HttpClient Client { get; } = client;

    public string AccountId { get; } = accountId;

    public string Username { get; } = username;

    public Task<string> GetPageAsync(string path) => Client.GetPageAsync(path);

    /// <summary>Posts a form the way the page's own form would (antiforgery token read from <paramref name="pagePath"/>).</summary>
    public Task<HttpResponseMessage> PostFormAsync(string pagePath, string? handler = null, IEnumerable<KeyValuePair<string, string>>? fields = null) =>
        Client.PostFormAsync(pagePath, handler, fields);

    public void Dispose() => Client.Dispose();
}
