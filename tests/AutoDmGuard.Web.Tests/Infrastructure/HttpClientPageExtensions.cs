namespace AutoDmGuard.Web.Tests.Infrastructure;

public static class HttpClientPageExtensions
{
    /// <summary>GETs a page that must answer 200 and returns its HTML.</summary>
    public static async Task<string> GetPageAsync(this HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode} {response.Headers.Location}:\n{html}");
        return html;
    }

    /// <summary>GETs <paramref name="pagePath"/> for its antiforgery token, then POSTs the form to it (with ?handler=).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(
        this HttpClient client, string pagePath, string? handler = null, IEnumerable<KeyValuePair<string, string>>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var token = HtmlForms.AntiforgeryToken(await client.GetPageAsync(pagePath));
        var form = new List<KeyValuePair<string, string>>(fields ?? []) { new("__RequestVerificationToken", token) };
        var target = handler is null ? pagePath : $"{pagePath}?handler={handler}";
        using var content = new FormUrlEncodedContent(form);
        return await client.PostAsync(new Uri(target, UriKind.Relative), content);
    }
}
