using System.Net.Http.Headers;
using AutoDmGuard.Web.Tests.Infrastructure;

namespace AutoDmGuard.Web.Tests.Senders;

/// <summary>Posts the dashboard's forms the way the page (or its script, with <c>json: true</c>) does.</summary>
public static class DashboardRequests
{
    public static async Task<HttpResponseMessage> PostAsync(
        SignedInUser user, string handler, IEnumerable<KeyValuePair<string, string>> fields, bool json = false, string page = "/senders")
    {
        ArgumentNullException.ThrowIfNull(user);
        var token = HtmlForms.AntiforgeryToken(await user.GetPageAsync(page));
        var form = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", token) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{page}?handler={handler}", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(form),
        };
        if (json)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        return await user.Client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> SenderActionAsync(SignedInUser user, string handler, string senderId, bool json = false) =>
        PostAsync(user, handler, [new("senderId", senderId), new("filter", "flagged")], json);
}
