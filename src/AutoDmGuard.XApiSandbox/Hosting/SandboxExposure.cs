using System.Net;

namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// The sandbox is an emulator with fake data and an unauthenticated admin API (/_sandbox): it listens on loopback
/// addresses only, and its admin API refuses writes a browser sends from another site (a page elsewhere cannot post a
/// form to it).
/// </summary>
internal static class SandboxExposure
{
    /// <summary>Throws unless every address in <paramref name="urls"/> (';'-separated) is a loopback one.</summary>
    public static void RequireLoopback(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsLoopback(url))
            {
                throw new InvalidOperationException(
                    $"The sandbox only listens on loopback addresses (127.0.0.1, [::1], localhost); '{url}' would expose its unauthenticated admin API.");
            }
        }
    }

    private static bool IsLoopback(string url)
    {
        // Kestrel's wildcards (http://*:port, http://+:port) are not valid URIs; they mean every interface.
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var rest = start < 0 ? url : url[(start + 3)..];
        if (rest.StartsWith('*') || rest.StartsWith('+'))
        {
            return false;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        return string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>
    /// 403 for a POST/DELETE to /_sandbox whose browser says it comes from another site (Sec-Fetch-Site), or whose Origin
    /// is not the sandbox's own. Clients that send neither (tests, curl) are not browsers on another site.
    /// </summary>
    public static Task RefuseCrossSiteAdminPostAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || !request.Path.StartsWithSegments("/_sandbox", StringComparison.OrdinalIgnoreCase))
        {
            return next();
        }

        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        var origin = request.Headers.Origin.ToString();
        var ownOrigin = $"{request.Scheme}://{request.Host}";
        var crossSite = (fetchSite.Length > 0 && fetchSite is not ("same-origin" or "none"))
            || (origin.Length > 0 && !string.Equals(origin, ownOrigin, StringComparison.OrdinalIgnoreCase));
        if (!crossSite)
        {
            return next();
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("Cross-site requests to the sandbox's admin API are refused.");
    }
}
