using System.Net;

namespace AutoDmGuard.XApi;

/// <summary>404: unknown route or resource.</summary>
public sealed class XNotFoundException : XApiException
{
    /// <summary>Creates the exception without response details.</summary>
    public XNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public XNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public XNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception describing an error response.</summary>
    public XNotFoundException(string message, HttpStatusCode statusCode, XProblem? problem, XRateLimit? rateLimit)
        : base(message, statusCode, problem, rateLimit)
    {
    }
}
