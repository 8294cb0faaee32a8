using System.Net;

namespace AutoDmGuard.XApi;

/// <summary>403: the token is valid but not allowed (missing scope, access level, locked account).</summary>
public sealed class XForbiddenException : XApiException
{
    /// <summary>Creates the exception without response details.</summary>
    public XForbiddenException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public XForbiddenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public XForbiddenException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception describing an error response.</summary>
    public XForbiddenException(string message, HttpStatusCode statusCode, XProblem? problem, XRateLimit? rateLimit)
        : base(message, statusCode, problem, rateLimit)
    {
    }
}
