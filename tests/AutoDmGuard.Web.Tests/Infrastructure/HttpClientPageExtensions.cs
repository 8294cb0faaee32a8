namespace AutoDmGuard.Web.Tests.Infrastructure;

public static class HttpClientPageExtensions
{
    /// <summary>GETs a page that must answer 200 and returns its HTML.</summary>
    public static async Task<string> GetPageAsync(this HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(path, UriKind.RelativeOrAbsolute));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode} {response.Headers.Location}:\n{html}");
        return html;
    }

    /// <summary>
    /// POSTs a form to <paramref name="action"/> (e.g. "/Account?handler=Delete") the way a page's own form would: with the
    /// antiforgery token read from <paramref name="tokenFrom"/> (default: the action's path).
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(
        this HttpClient client, string action, IEnumerable<KeyValuePair<string, string>>? fields = null, string? tokenFrom = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(action);
        var page = tokenFrom ?? action.Split('?')[0];
        var token = HtmlForms.AntiforgeryToken(await client.GetPageAsync(page));
        var form = new List<KeyValuePair<string, string>>(fields ?? []) { new("__RequestVerificationToken", token) };
        using var content = new FormUrlEncodedContent(form);
        return await client.PostAsync(new Uri(action, UriKind.Relative), content);
    }
}
