using System.Text;
using static System.Net.WebUtility;

namespace AutoDmGuard.XApiSandbox;

/// <summary>The "Authorize app" page: plain HTML, every value encoded, no external assets.</summary>
internal static class ConsentPage
{
    public static Task WriteAsync(HttpContext ctx, AuthorizationRequest request, IReadOnlyList<SandboxAccount> accounts)
    {
        var html = new StringBuilder();
        Head(html, "Authorize app - X API sandbox");
        html.Append("<main id=\"consent\"><h1>Authorize <span id=\"client-id\">").Append(HtmlEncode(request.Client.ClientId))
            .Append("</span> to access your account?</h1>\n<p>This app will be able to:</p>\n<ul id=\"scopes\">\n");
        foreach (var scope in request.Scopes)
        {
            html.Append("<li data-scope=\"").Append(HtmlEncode(scope)).Append("\">").Append(HtmlEncode(scope)).Append("</li>\n");
        }

        html.Append("</ul>\n<form method=\"post\" action=\"/i/oauth2/authorize\">\n<fieldset><legend>Sign in as</legend>\n");
        for (var i = 0; i < accounts.Count; i++)
        {
            var account = accounts[i];
            var id = "account-" + HtmlEncode(account.Username);
            html.Append("<div><input type=\"radio\" name=\"user_id\" id=\"").Append(id).Append("\" value=\"").Append(HtmlEncode(account.Id))
                .Append('"').Append(i == 0 ? " checked" : string.Empty).Append("> <label for=\"").Append(id).Append("\">@")
                .Append(HtmlEncode(account.Username)).Append("</label> <span>").Append(HtmlEncode(account.Name)).Append("</span></div>\n");
        }

        html.Append("</fieldset>\n");
        Hidden(html, "client_id", request.Client.ClientId);
        Hidden(html, "redirect_uri", request.RedirectUri);
        Hidden(html, "response_type", "code");
        Hidden(html, "scope", string.Join(' ', request.Scopes));
        Hidden(html, "state", request.State);
        Hidden(html, "code_challenge", request.CodeChallenge);
        Hidden(html, "code_challenge_method", request.CodeChallengeMethod);
        html.Append("<button type=\"submit\" id=\"authorize-button\" name=\"decision\" value=\"allow\">Authorize app</button>\n")
            .Append("<button type=\"submit\" id=\"cancel-button\" name=\"decision\" value=\"deny\">Cancel</button>\n</form></main></body></html>\n");
        return WriteHtmlAsync(ctx, 200, html.ToString());
    }

    public static Task WriteErrorAsync(HttpContext ctx, string message)
    {
        var html = new StringBuilder();
        Head(html, "Something went wrong - X API sandbox");
        html.Append("<main><h1>Something went wrong</h1><p id=\"oauth-error\">").Append(HtmlEncode(message)).Append("</p></main></body></html>\n");
        return WriteHtmlAsync(ctx, 400, html.ToString());
    }

    public static void Head(StringBuilder html, string title) =>
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(HtmlEncode(title))
            .Append("</title><style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}")
            .Append("button{margin:.5rem .5rem 0 0;padding:.4rem 1rem}fieldset{margin:1rem 0}</style></head><body>\n");

    public static async Task WriteHtmlAsync(HttpContext ctx, int status, string html)
    {
        var bytes = Encoding.UTF8.GetBytes(html);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/html; charset=utf-8";
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
    }

    private static void Hidden(StringBuilder html, string name, string value) =>
        html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(HtmlEncode(value)).Append("\">\n");
}
