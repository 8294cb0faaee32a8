using System.Text.Json;
using AutoDmGuard.Core;

namespace AutoDmGuard.Cli;

internal static class ClassifyCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 1 || args[0].StartsWith('-'))
        {
            return CliApp.UsageError(stderr, "classify takes exactly one argument: the dump file");
        }

        var mailbox = DumpReader.Read(args[0]);
        var result = new InboxClassifier().Classify(mailbox.Messages, mailbox.Users, mailbox.Context);
        WriteLines(result.Messages, stdout);
        return CliApp.Ok;
    }

    /// <summary>FORMAT.md's `classify` output: one JSON object per line; weights and scores rounded to 3 decimals.</summary>
    internal static void WriteLines(IReadOnlyList<DmVerdict> verdicts, TextWriter stdout)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 16);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var v in verdicts)
        {
            json.Reset(buffer);
            json.WriteStartObject();
            json.WriteString("dm_event_id", v.EventId);
            json.WriteString("sender_id", v.SenderId);
            json.WriteNumber("score", Math.Round(v.Score, 3));
            json.WriteBoolean("flagged", v.Flagged);
            json.WriteStartArray("reasons");
            foreach (var r in v.Reasons)
            {
                json.WriteStartObject();
                json.WriteString("signal", r.Signal);
                json.WriteNumber("weight", Math.Round(r.Weight, 3));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
            stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
            buffer.ResetWrittenCount();
        }
    }
}
