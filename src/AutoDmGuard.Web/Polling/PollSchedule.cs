using AutoDmGuard.XApi;

namespace AutoDmGuard.Web.Polling;

/// <summary>When to call X next: the configured interval, stretched by what the rate-limit headers say is left.</summary>
internal static class PollSchedule
{
    /// <summary>
    /// After a successful read: never sooner than <paramref name="interval"/>; when the window's remaining calls would
    /// not last until its reset at that pace, spread them evenly; when none are left, wait for the reset.
    /// </summary>
    public static DateTime NextAfterSuccess(DateTime now, TimeSpan interval, int? remaining, DateTime? resetAt)
    {
        var next = now + interval;
        if (resetAt is not { } reset || reset <= now || remaining is not { } left)
        {
            return next;
        }

        if (left <= 0)
        {
            return Max(next, reset);
        }

        var spread = now + ((reset - now) / (left + 1));
        return Max(next, spread);
    }

    /// <summary>After a 5xx, timeout or malformed page: BackoffBase * 2^(failures-1), capped, with ±20 % jitter.</summary>
    public static DateTime NextAfterFailure(DateTime now, int consecutiveFailures, TimeSpan backoffBase, TimeSpan backoffCap, double jitterSample)
    {
        var exponent = Math.Clamp(consecutiveFailures - 1, 0, 30);
        var delay = Math.Min(backoffBase.TotalMilliseconds * Math.Pow(2, exponent), backoffCap.TotalMilliseconds);
        // Jitter keeps accounts that failed together (an X outage) from retrying together.
        var jittered = delay * (0.8 + (0.4 * Math.Clamp(jitterSample, 0, 1)));
        return now + TimeSpan.FromMilliseconds(Math.Min(jittered, backoffCap.TotalMilliseconds));
    }

    /// <summary>After a 429: X's reset time, or the back-off when it is sooner (resets reported to move after repeated 429s).</summary>
    public static DateTime NextAfterRateLimit(DateTime now, DateTimeOffset resetAt, DateTime backoff)
    {
        var reset = resetAt.UtcDateTime;
        return Max(reset > now ? reset : now, backoff);
    }

    public static DateTime? ResetOf(XRateLimit? rateLimit) => rateLimit?.EffectiveReset?.UtcDateTime;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
