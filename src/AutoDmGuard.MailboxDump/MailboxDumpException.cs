namespace AutoDmGuard.MailboxDump;

/// <summary>
/// A dump or labels file that cannot be used. The message names the file, then the JSON path (or the line of a labels
/// file), then the problem; <see cref="JsonPath"/> holds the path alone, null when the file could not be read at all.
/// </summary>
public sealed class MailboxDumpException : Exception
{
    public MailboxDumpException()
        : this("malformed mailbox dump")
    {
    }

    public MailboxDumpException(string message)
        : base(message)
    {
    }

    public MailboxDumpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MailboxDumpException(string message, string? jsonPath, Exception? innerException = null)
        : base(message, innerException)
    {
        JsonPath = jsonPath;
    }

    public string? JsonPath { get; }

    internal static MailboxDumpException At(string source, string path, string problem) => new($"{source}: {path}: {problem}", path);
}
