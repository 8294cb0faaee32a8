namespace AutoDmGuard.Cli;

/// <summary>A dump or labels file that cannot be used; the message names the file and the JSON path (or line).</summary>
internal sealed class DumpFormatException(string message) : Exception(message)
{
    public DumpFormatException()
        : this("malformed input")
    {
    }

    public DumpFormatException(string message, Exception inner)
        : this(message + " (" + inner.Message + ")")
    {
    }
}
