namespace AutoDmGuard.Web.Polling;

/// <summary>A page X returned parsed as JSON but cannot be stored (an event without id, a non-numeric id): treated like a malformed page.</summary>
public sealed class PolledDataException : Exception
{
    public PolledDataException()
    {
    }

    public PolledDataException(string message)
        : base(message)
    {
    }

    public PolledDataException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
