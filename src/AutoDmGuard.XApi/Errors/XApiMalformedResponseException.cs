using System.Net;

namespace AutoDmGuard.XApi;

/// <summary>
/// The response body was not the JSON expected: truncated, invalid, missing required members, or not JSON at all
/// (e.g. an HTML page from a proxy). The message never contains the body (it may hold DM text).
/// </summary>
public sealed class XApiMalformedResponseException : XApiException
{
    /// <summary>Creates the exception without response details.</summary>
    public XApiMalformedResponseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public XApiMalformedResponseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public XApiMalformedResponseException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception describing a response whose body could not be read.</summary>
    public XApiMalformedResponseException(
        string message, HttpStatusCode statusCode, string? contentType, string? bodyExcerpt, XRateLimit? rateLimit, Exception? innerException)
        : base(message, statusCode, null, rateLimit, innerException)
    {
        ContentType = contentType;
        BodyExcerpt = bodyExcerpt;
    }

    /// <summary>Content-Type of the response, if any.</summary>
    public string? ContentType { get; }

    /// <summary>Up to 200 characters of the body, for Debug logging only (it may contain DM text).</summary>
    public string? BodyExcerpt { get; }
}
