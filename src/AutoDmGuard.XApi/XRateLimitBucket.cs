namespace AutoDmGuard.XApi;

/// <summary>One rate-limit bucket read from response headers: size, requests left, and when it refills (UTC).</summary>
public sealed record XRateLimitBucket(int? Limit, int? Remaining, DateTimeOffset? Reset);
