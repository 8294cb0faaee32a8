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

        PrepareRulesWhileReading(args[0]);
        var mailbox = DumpReader.Read(args[0]);
        var result = new InboxClassifier().Classify(mailbox.Messages, mailbox.Users, mailbox.Context);
        WriteLines(result.Messages, stdout);
        return CliApp.Ok;
    }

    // Below this a dump is read in a few tens of milliseconds: the rules' matchers would still be compiling when the
    // classification starts, on a core it then needs.
    private const long PrepareMinBytes = 4 << 20;

    /// <summary>
    /// Reading a dump takes one core for a third of a second or more (100,000 DMs); meanwhile the other compiles the
    /// rules' matchers (<see cref="InboxClassifier.PrepareRules"/>), which the first DMs' analysis would otherwise
    /// compile on the run's critical path. Not awaited: a matcher still compiling when it is first needed is waited for
    /// by the runtime, not compiled twice.
    /// </summary>
    private static void PrepareRulesWhileReading(string path)
    {
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return; // the read reports the problem
        }

        if (Environment.ProcessorCount >= 2 && length >= PrepareMinBytes)
        {
            _ = Task.Factory.StartNew(InboxClassifier.PrepareRules, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// FORMAT.md's `classify` output: one JSON object per line; weights and scores rounded to 3 decimals. All lines are
    /// built as UTF-8 in memory first and written at once, so a failure midway leaves stdout empty. Blocks of lines are
    /// built on all cores and written in order: the bytes are those of one pass, and the run's last serial step is
    /// shorter (it follows the whole classification on the critical path).
    /// </summary>
    internal static void WriteLines(IReadOnlyList<DmVerdict> verdicts, TextWriter stdout)
    {
        var newLine = System.Text.Encoding.UTF8.GetBytes(stdout.NewLine);
        var blocks = new SegmentedBuffer[(verdicts.Count + LinesPerBlock - 1) / LinesPerBlock];
        if (blocks.Length < 2 || Environment.ProcessorCount < 2)
        {
            for (var b = 0; b < blocks.Length; b++)
            {
                blocks[b] = Serialize(verdicts, b, newLine);
            }
        }
        else
        {
            try
            {
                Parallel.For(0, blocks.Length, b => blocks[b] = Serialize(verdicts, b, newLine));
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
            }
        }

        // Program.cs hands in a UTF-8 writer over stdout: skip the bytes -> string -> bytes round trip.
        if (stdout is StreamWriter { Encoding: System.Text.UTF8Encoding utf8 } writer && utf8.GetPreamble().Length == 0)
        {
            writer.Flush();
            foreach (var block in blocks)
            {
                block.CopyTo(writer.BaseStream);
            }

            writer.BaseStream.Flush();
        }
        else
        {
            using var bytes = new MemoryStream();
            foreach (var block in blocks)
            {
                block.CopyTo(bytes);
            }

            stdout.Write(System.Text.Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length));
        }
    }

    // About 1 MB of output per block: one segment each, and enough blocks to share among the cores.
    private const int LinesPerBlock = 8192;

    private static SegmentedBuffer Serialize(IReadOnlyList<DmVerdict> verdicts, int block, byte[] newLine)
    {
        var buffer = new SegmentedBuffer();
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var end = Math.Min(verdicts.Count, (block + 1) * LinesPerBlock);
        for (var i = block * LinesPerBlock; i < end; i++)
        {
            var v = verdicts[i];
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

        return buffer;
    }

    private static readonly JsonEncodedText DmEventId = JsonEncodedText.Encode("dm_event_id");
    private static readonly JsonEncodedText SenderId = JsonEncodedText.Encode("sender_id");
    private static readonly JsonEncodedText Score = JsonEncodedText.Encode("score");
    private static readonly JsonEncodedText Flagged = JsonEncodedText.Encode("flagged");
    private static readonly JsonEncodedText Reasons = JsonEncodedText.Encode("reasons");
    private static readonly JsonEncodedText Signal = JsonEncodedText.Encode("signal");
    private static readonly JsonEncodedText Weight = JsonEncodedText.Encode("weight");

    /// <summary>
    /// The output in 1 MB segments: growing one array would copy it at every doubling and hold old and new at once
    /// (up to ~75 MB extra for 100,000 lines at the peak of the run).
    /// </summary>
    private sealed class SegmentedBuffer : IBufferWriter<byte>
    {
        private const int SegmentSize = 1 << 20;
        private readonly List<(byte[] Bytes, int Length)> _full = [];
        private byte[] _current = new byte[SegmentSize];
        private int _used;

        public void Advance(int count) => _used += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _current.AsMemory(_used);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _current.AsSpan(_used);
        }

        public void CopyTo(Stream stream)
        {
            foreach (var (bytes, length) in _full)
            {
                stream.Write(bytes, 0, length);
            }

            stream.Write(_current, 0, _used);
        }

        private void Reserve(int sizeHint)
        {
            if (_current.Length - _used >= Math.Max(sizeHint, 1))
            {
                return;
            }

            _full.Add((_current, _used));
            _current = new byte[Math.Max(SegmentSize, sizeHint)];
            _used = 0;
        }
    }
}
