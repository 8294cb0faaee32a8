using System.Net;

namespace AutoDmGuard.XApi;

/// <summary>401: the access token is missing, expired or revoked; refresh it or sign in again.</summary>
public sealed class XUnauthorizedException : XApiException
{
    /// <summary>Creates the exception without response details.</summary>
    public XUnauthorizedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public XUnauthorizedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public XUnauthorizedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception describing an error response.</summary>
    public XUnauthorizedException(string message, HttpStatusCode statusCode, XProblem? problem, XRateLimit? rateLimit)
        : base(message, statusCode, problem, rateLimit)
    {
    }
}
