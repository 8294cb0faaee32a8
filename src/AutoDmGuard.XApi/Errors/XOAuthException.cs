using System.Net;

namespace AutoDmGuard.XApi;

/// <summary>
/// The token or revoke endpoint refused (RFC 6749 body): e.g. invalid_request for a spent code or refresh token,
/// unauthorized_client for a confidential client without a valid Basic header.
/// </summary>
public sealed class XOAuthException : XApiException
{
    /// <summary>Creates the exception without response details.</summary>
    public XOAuthException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public XOAuthException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public XOAuthException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception describing a token-endpoint error.</summary>
    public XOAuthException(string message, HttpStatusCode statusCode, string error, string? errorDescription, XRateLimit? rateLimit)
        : base(message, statusCode, null, rateLimit)
    {
        Error = error;
        ErrorDescription = errorDescription;
    }

    /// <summary>The RFC 6749 error code (invalid_request, invalid_grant, unauthorized_client, ...).</summary>
    public string? Error { get; }

    /// <summary>The error_description, when sent.</summary>
    public string? ErrorDescription { get; }
}
