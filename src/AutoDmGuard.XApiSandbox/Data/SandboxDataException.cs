namespace AutoDmGuard.XApiSandbox;

/// <summary>A mailbox dump that cannot be loaded; <see cref="JsonPath"/> names the offending element.</summary>
public sealed class SandboxDataException : Exception
{
    public SandboxDataException()
    {
    }

    public SandboxDataException(string message)
        : base(message)
    {
    }

    public SandboxDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SandboxDataException(string message, string? jsonPath, Exception? innerException = null)
        : base(message, innerException)
    {
        JsonPath = jsonPath;
    }

    public string? JsonPath { get; }
}
