using System.Text.Json;

namespace AutoDmGuard.MailboxDump;

/// <summary>Writes a dump the way <see cref="MailboxDumpReader"/> reads it back; absent fields are left out.</summary>
public static class MailboxDumpWriter
{
    public static void Write(MailboxDto dump, Stream stream) => JsonSerializer.Serialize(stream, dump, DumpJsonContext.Default.MailboxDto);

    public static byte[] ToUtf8Bytes(MailboxDto dump) => JsonSerializer.SerializeToUtf8Bytes(dump, DumpJsonContext.Default.MailboxDto);
}
