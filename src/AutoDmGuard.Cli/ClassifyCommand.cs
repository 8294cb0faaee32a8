using System.Buffers;
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

    /// <summary>
    /// FORMAT.md's `classify` output: one JSON object per line; weights and scores rounded to 3 decimals. All lines are
    /// built as UTF-8 in memory first and written at once, so a failure midway leaves stdout empty.
    /// </summary>
    internal static void WriteLines(IReadOnlyList<DmVerdict> verdicts, TextWriter stdout)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(1 << 16, verdicts.Count * 256));
        var newLine = System.Text.Encoding.UTF8.GetBytes(stdout.NewLine);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var v in verdicts)
        {
            json.Reset(buffer);
            json.WriteStartObject();
            json.WriteString(DmEventId, v.EventId);
            json.WriteString(SenderId, v.SenderId);
            json.WriteNumber(Score, Math.Round(v.Score, 3));
            json.WriteBoolean(Flagged, v.Flagged);
            json.WriteStartArray(Reasons);
            foreach (var r in v.Reasons)
            {
                json.WriteStartObject();
                json.WriteString(Signal, r.Signal);
                json.WriteNumber(Weight, Math.Round(r.Weight, 3));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
            buffer.Write(newLine);
        }

        // Program.cs hands in a UTF-8 writer over stdout: skip the bytes -> string -> bytes round trip.
        if (stdout is StreamWriter { Encoding: System.Text.UTF8Encoding utf8 } writer && utf8.GetPreamble().Length == 0)
        {
            writer.Flush();
            writer.BaseStream.Write(buffer.WrittenSpan);
            writer.BaseStream.Flush();
        }
        else
        {
            stdout.Write(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    private static readonly JsonEncodedText DmEventId = JsonEncodedText.Encode("dm_event_id");
    private static readonly JsonEncodedText SenderId = JsonEncodedText.Encode("sender_id");
    private static readonly JsonEncodedText Score = JsonEncodedText.Encode("score");
    private static readonly JsonEncodedText Flagged = JsonEncodedText.Encode("flagged");
    private static readonly JsonEncodedText Reasons = JsonEncodedText.Encode("reasons");
    private static readonly JsonEncodedText Signal = JsonEncodedText.Encode("signal");
    private static readonly JsonEncodedText Weight = JsonEncodedText.Encode("weight");
}
