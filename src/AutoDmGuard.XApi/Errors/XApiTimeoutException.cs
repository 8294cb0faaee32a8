namespace AutoDmGuard.XApi;

/// <summary>The call did not complete within the configured attempt/total timeout (reads were retried first).</summary>
public sealed class XApiTimeoutException : XApiException
{
    /// <summary>Creates the exception with a default message.</summary>
    public XApiTimeoutException()
        : base("The X API call timed out.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public XApiTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public XApiTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
