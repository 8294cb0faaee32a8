using System.Text;
using static System.Net.WebUtility;

namespace AutoDmGuard.XApiSandbox;

/// <summary>GET /_sandbox: buttons for the admin actions (forms posting to the same admin endpoints).</summary>
internal static class ControlPage
{
    public static Task WriteAsync(HttpContext ctx, SandboxRuntime rt)
    {
        var html = new StringBuilder();
        ConsentPage.Head(html, "X API sandbox - control");
        html.Append("<main><h1>X API sandbox</h1>\n");
        var message = ctx.Request.Query["message"].ToString();
        if (message.Length > 0)
        {
            html.Append("<p id=\"message\" role=\"status\"><strong>").Append(HtmlEncode(message)).Append("</strong></p>\n");
        }

        var signable = rt.World.Signable;
        html.Append("<p>Clock: <span id=\"clock\">").Append(XJson.Time(rt.Now)).Append("</span>. DM events: ")
            .Append(rt.World.EventCount).Append(". Rate limits: ").Append(rt.Limiter.Enabled ? "on" : "off").Append(".</p>\n");
        html.Append("<p>JSON: <a href=\"/_sandbox/users\">users</a> · <a href=\"/_sandbox/billing\">billing</a> · <a href=\"/_sandbox/faults\">faults</a> · <a href=\"/_sandbox/requests\">requests</a></p>\n");

        html.Append("<h2>Accounts</h2>\n<table><tr><th>Account</th><th>Simulate</th><th>Tokens</th></tr>\n");
        foreach (var account in signable)
        {
            var user = HtmlEncode(account.Id);
            html.Append("<tr><td>@").Append(HtmlEncode(account.Username)).Append(" (<a href=\"/_sandbox/users/").Append(user)
                .Append("/following\">following</a>)</td><td>");
            Button(html, "/_sandbox/simulate/follow-autodm", $"follow-autodm-{account.Username}", "Follow a bot (auto-DM in 60 s)", ("user_id", account.Id));
            Button(html, "/_sandbox/simulate/friend-dm", $"friend-dm-{account.Username}", "Friend sends a DM", ("user_id", account.Id));
            Button(html, "/_sandbox/simulate/burst", $"burst-{account.Username}", "Burst of 500 DMs", ("user_id", account.Id), ("count", "500"));
            html.Append("</td><td>");
            Button(html, $"/_sandbox/users/{account.Id}/revoke-tokens", $"revoke-{account.Username}", "Revoke all tokens");
            html.Append("</td></tr>\n");
        }

        html.Append("</table>\n<h2>Faults</h2>\n<form method=\"post\" action=\"/_sandbox/faults\"><label for=\"fault-route\">Route</label> <select id=\"fault-route\" name=\"route\">");
        foreach (var route in RouteKeys.All)
        {
            html.Append("<option>").Append(HtmlEncode(route)).Append("</option>");
        }

        html.Append("</select> <label for=\"fault-kind\">Fault</label> <select id=\"fault-kind\" name=\"fault\">");
        foreach (var kind in FaultInjector.Kinds)
        {
            html.Append("<option>").Append(HtmlEncode(kind)).Append("</option>");
        }

        html.Append("</select> <label for=\"fault-count\">Count</label> <input id=\"fault-count\" name=\"count\" type=\"number\" min=\"1\" value=\"1\"> ")
            .Append("<button type=\"submit\" id=\"add-fault\">Inject</button></form>\n<ul id=\"faults\">");
        foreach (var fault in rt.Faults.Snapshot())
        {
            html.Append("<li>").Append(HtmlEncode($"{fault.Route}: {fault.Kind} x{fault.Remaining}")).Append("</li>");
        }

        html.Append("</ul>\n");
        Button(html, "/_sandbox/faults/clear", "clear-faults", "Clear faults");
        html.Append("</main></body></html>\n");
        return ConsentPage.WriteHtmlAsync(ctx, 200, html.ToString());
    }

    private static void Button(StringBuilder html, string action, string id, string label, params (string Name, string Value)[] fields)
    {
        html.Append("<form method=\"post\" style=\"display:inline\" action=\"").Append(HtmlEncode(action)).Append("\">");
        foreach (var (name, value) in fields)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(HtmlEncode(name)).Append("\" value=\"").Append(HtmlEncode(value)).Append("\">");
        }

        html.Append("<button type=\"submit\" id=\"").Append(HtmlEncode(id)).Append("\">").Append(HtmlEncode(label)).Append("</button></form> ");
    }
}
