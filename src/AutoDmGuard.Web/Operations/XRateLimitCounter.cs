using System.Net;
using System.Text;

namespace AutoDmGuard.Web.Operations;

/// <summary>
/// Counts X's 429 answers on the API client, inside its resilience handler (per attempt; 429s are never retried). Every
/// caller's 429 passes here, the worker's reads (including those the cost-aware reader absorbs) and the dashboard's
/// unfollows alike, which is why it is counted here and not where each caller handles it.
/// </summary>
internal sealed class XRateLimitCounter(AppMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            metrics.XRateLimited(request.Method.Method, RouteOf(request.RequestUri));
        }

        return response;
    }

    /// <summary>"/2/users/123/following/456" → "/2/users/{id}/following/{id}": a tag with few values, and no user ids in metrics.</summary>
    internal static string RouteOf(Uri? uri)
    {
        if (uri is null)
        {
            return "";
        }

        var route = new StringBuilder();
        foreach (var segment in uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            route.Append('/').Append(IsId(segment) ? "{id}" : segment);
        }

        return route.Length == 0 ? "/" : route.ToString();
    }

    /// <summary>User ids are digits, conversation ids two of them joined by '-'; "2" (the API version) stays.</summary>
    private static bool IsId(string segment) =>
        segment.Length > 1 && segment.Any(char.IsAsciiDigit) && segment.All(c => char.IsAsciiDigit(c) || c == '-');
}
