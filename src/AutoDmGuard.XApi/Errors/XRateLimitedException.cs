using System.Net;

namespace AutoDmGuard.XApi;

/// <summary>429: a rate limit or usage cap was hit. Wait until <see cref="ResetAt"/>; the client never retries a 429.</summary>
public sealed class XRateLimitedException : XApiException
{
    /// <summary>Creates the exception without response details.</summary>
    public XRateLimitedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public XRateLimitedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public XRateLimitedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception describing a 429 response.</summary>
    public XRateLimitedException(string message, XProblem? problem, XRateLimit? rateLimit, DateTimeOffset resetAt, bool resetAtIsEstimate)
        : base(message, HttpStatusCode.TooManyRequests, problem, rateLimit)
    {
        ResetAt = resetAt;
        ResetAtIsEstimate = resetAtIsEstimate;
    }

    /// <summary>When the caller may try again (UTC): from x-rate-limit-reset (or an exhausted 24-hour cap), Retry-After, or the body.</summary>
    public DateTimeOffset ResetAt { get; }

    /// <summary>True when the response named no reset time and <see cref="ResetAt"/> is one 15-minute window from now.</summary>
    public bool ResetAtIsEstimate { get; }

    /// <summary>True for a usage cap (problem type usage-capped) rather than a per-window limit.</summary>
    public bool IsUsageCap => string.Equals(ProblemType, "usage-capped", StringComparison.Ordinal);
}
