using System.Net;

namespace AutoDmGuard.XApi;

/// <summary>An X API call failed: HTTP status, problem type, title, detail and the response's rate-limit headers.</summary>
public class XApiException : Exception
{
    /// <summary>Creates an exception without response details.</summary>
    public XApiException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public XApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public XApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception describing an error response.</summary>
    public XApiException(string message, HttpStatusCode? statusCode, XProblem? problem, XRateLimit? rateLimit, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Problem = problem;
        RateLimit = rateLimit ?? XRateLimit.None;
    }

    /// <summary>HTTP status of the response, or null when none arrived (timeout, connection failure).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The parsed error body, when it was a problem object or v1.1 error list.</summary>
    public XProblem? Problem { get; }

    /// <summary>Last path segment of the problem type (e.g. "usage-capped", "about:blank").</summary>
    public string? ProblemType => Problem?.ProblemType ?? (Problem?.Errors is { Count: > 0 } errors ? errors[0].ProblemType : null);

    /// <summary>Problem title.</summary>
    public string? Title => Problem?.Title;

    /// <summary>Problem detail, or the first nested error's message.</summary>
    public string? Detail => Problem?.Detail ?? (Problem?.Errors is { Count: > 0 } errors ? errors[0].Message : null);

    /// <summary>Rate-limit headers of the failing response (all null when there was no response).</summary>
    public XRateLimit RateLimit { get; } = XRateLimit.None;
}
