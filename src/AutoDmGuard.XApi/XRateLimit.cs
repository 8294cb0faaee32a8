using System.Globalization;
using System.Net.Http.Headers;

namespace AutoDmGuard.XApi;

/// <summary>
/// The rate-limit headers of one response: the endpoint's 15-minute window (x-rate-limit-*), and where X sends them the
/// per-user and per-app 24-hour caps (x-user-limit-24hour-*, x-app-limit-24hour-*). Every value is null when absent.
/// </summary>
public sealed record XRateLimit(
    int? Limit,
    int? Remaining,
    DateTimeOffset? Reset,
    XRateLimitBucket? User24Hour = null,
    XRateLimitBucket? App24Hour = null,
    string? TransactionId = null)
{
    /// <summary>A response without any rate-limit header.</summary>
    public static XRateLimit None { get; } = new(null, null, null);

    /// <summary>True when the 15-minute window or a 24-hour cap says no request is left.</summary>
    public bool IsExhausted => Remaining == 0 || User24Hour?.Remaining == 0 || App24Hour?.Remaining == 0;

    /// <summary>The latest reset among the exhausted buckets (the time a caller can try again), else the window's reset.</summary>
    public DateTimeOffset? EffectiveReset
    {
        get
        {
            DateTimeOffset? latest = Remaining == 0 ? Reset : null;
            foreach (var bucket in new[] { User24Hour, App24Hour })
            {
                if (bucket is { Remaining: 0, Reset: { } reset } && (latest is null || reset > latest))
                {
                    latest = reset;
                }
            }

            return latest ?? Reset;
        }
    }

    /// <summary>Reads the rate-limit headers of a response.</summary>
    public static XRateLimit FromHeaders(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return new XRateLimit(
            ReadInt(headers, "x-rate-limit-limit"),
            ReadInt(headers, "x-rate-limit-remaining"),
            ReadEpoch(headers, "x-rate-limit-reset"),
            ReadBucket(headers, "x-user-limit-24hour-"),
            ReadBucket(headers, "x-app-limit-24hour-"),
            ReadString(headers, "x-transaction-id"));
    }

    private static XRateLimitBucket? ReadBucket(HttpResponseHeaders headers, string prefix)
    {
        var bucket = new XRateLimitBucket(
            ReadInt(headers, prefix + "limit"), ReadInt(headers, prefix + "remaining"), ReadEpoch(headers, prefix + "reset"));
        return bucket is { Limit: null, Remaining: null, Reset: null } ? null : bucket;
    }

    private static string? ReadString(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static int? ReadInt(HttpResponseHeaders headers, string name) =>
        int.TryParse(ReadString(headers, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static DateTimeOffset? ReadEpoch(HttpResponseHeaders headers, string name) =>
        long.TryParse(ReadString(headers, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
        && seconds is > 0 and < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
