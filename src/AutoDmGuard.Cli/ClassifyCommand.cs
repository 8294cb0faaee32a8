using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using AutoDmGuard.Core;
using AutoDmGuard.MailboxDump;

namespace AutoDmGuard.Cli;

internal static class ClassifyCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 1 || args[0].StartsWith('-'))
        {
            return CliApp.UsageError(stderr, "classify takes exactly one argument: the dump file");
        }

        using var reading = new CancellationTokenSource();
        PrepareWhileReading(reading.Token);
        // The texts stay UTF-8 outside the managed heap until the analysis reads each one (100,000 long DMs: ~190 MB of
        // strings that would otherwise sit in the oldest generation through the run's peak).
        using var texts = new Utf8TextStore();
        Mailbox mailbox;
        try
        {
            mailbox = DumpReader.Read(args[0], texts);
        }
        finally
        {
            reading.Cancel(); // also when the read fails: nothing is left to prepare for
        }

        var result = new InboxClassifier().Classify(mailbox.Messages, mailbox.Users, mailbox.Context);
        WriteLines(result.Messages, stdout);
        return CliApp.Ok;
    }

    /// <summary>
    /// While the dump is read (one core, a third of a second or more for 100,000 DMs) the other core compiles what the
    /// classification will call (<see cref="InboxClassifier.Prepare"/>: the scoring path, then the rules' matchers),
    /// which the first DMs' analysis would otherwise compile on the run's critical path. It stops when
    /// <paramref name="readDone"/> is cancelled (the read is over): from then on both cores are the classification's,
    /// and a matcher not compiled yet is compiled on its first use, if it has one (on 100,000 long DMs about a third of
    /// them are never used). Not awaited: a method still compiling when it is first needed is waited for by the runtime,
    /// not compiled twice, so it pays even when the read is short and the two overlap (a dump of 20 DMs included).
    /// </summary>
    private static void PrepareWhileReading(CancellationToken readDone)
    {
        if (Environment.ProcessorCount >= 2)
        {
            _ = Task.Factory.StartNew(() => InboxClassifier.Prepare(readDone), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// FORMAT.md's `classify` output: one JSON object per line; weights and scores rounded to 3 decimals. Nothing is
    /// written unless every line can be: the only values the JSON writer refuses are scores and weights that are not
    /// finite numbers (strings it escapes, and writes a lone surrogate as U+FFFD); a verdict with one is found before the
    /// first byte, and then all lines are built in memory first, so the writer's error leaves stdout empty. Blocks of lines are built on all cores and written in order: the
    /// bytes are those of one pass, and the run's last serial step is shorter (it follows the whole classification on
    /// the critical path). To stdout they go a few blocks at a time, freed once written, so the output is never all in
    /// memory at the run's peak.
    /// </summary>
    internal static void WriteLines(IReadOnlyList<DmVerdict> verdicts, TextWriter stdout)
    {
        var newLine = System.Text.Encoding.UTF8.GetBytes(stdout.NewLine);
        var blocks = new SegmentedBuffer?[(verdicts.Count + LinesPerBlock - 1) / LinesPerBlock];
        try
        {
            // Program.cs hands in a UTF-8 writer over stdout: skip the bytes -> string -> bytes round trip.
            if (stdout is StreamWriter { Encoding: System.Text.UTF8Encoding utf8 } writer && utf8.GetPreamble().Length == 0)
            {
                // Two blocks per core in flight: enough to keep every core busy between writes.
                var wave = AllWritable(verdicts) ? 2 * Math.Max(1, Environment.ProcessorCount) : blocks.Length;
                writer.Flush();
                for (var first = 0; first < blocks.Length; first += wave)
                {
                    var end = Math.Min(blocks.Length, first + wave);
                    Build(verdicts, newLine, blocks, first, end);
                    for (var b = first; b < end; b++)
                    {
                        blocks[b]!.CopyTo(writer.BaseStream);
                        blocks[b]!.Dispose();
                    }
                }

                writer.BaseStream.Flush();
            }
            else
            {
                Build(verdicts, newLine, blocks, 0, blocks.Length);
                using var bytes = new MemoryStream();
                foreach (var block in blocks)
                {
                    block!.CopyTo(bytes);
                }

                stdout.Write(System.Text.Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length));
            }
        }
        finally
        {
            foreach (var block in blocks)
            {
                block?.Dispose();
            }
        }
    }

    /// <summary>Whether <see cref="Utf8JsonWriter"/> accepts every value of every line (see <see cref="WriteLines"/>).</summary>
    internal static bool AllWritable(IReadOnlyList<DmVerdict> verdicts)
    {
        foreach (var v in verdicts)
        {
            if (!double.IsFinite(v.Score))
            {
                return false;
            }

            var reasons = v.Reasons;
            for (var i = 0; i < reasons.Count; i++)
            {
                if (!double.IsFinite(reasons[i].Weight))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static void Build(IReadOnlyList<DmVerdict> verdicts, byte[] newLine, SegmentedBuffer?[] blocks, int first, int end)
    {
        if (end - first < 2 || Environment.ProcessorCount < 2)
        {
            for (var b = first; b < end; b++)
            {
                blocks[b] = Serialize(verdicts, b, newLine);
            }

            return;
        }

        try
        {
            Parallel.For(first, end, b => blocks[b] = Serialize(verdicts, b, newLine));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }
    }

    // About 1 MB of output per block: one segment each, and enough blocks to share among the cores.
    private const int LinesPerBlock = 8192;

    private static SegmentedBuffer Serialize(IReadOnlyList<DmVerdict> verdicts, int block, byte[] newLine)
    {
        var buffer = new SegmentedBuffer();
        try
        {
            Write(verdicts, block, newLine, buffer);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private static void Write(IReadOnlyList<DmVerdict> verdicts, int block, byte[] newLine, SegmentedBuffer buffer)
    {
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
    }

    private static readonly JsonEncodedText DmEventId = JsonEncodedText.Encode("dm_event_id");
    private static readonly JsonEncodedText SenderId = JsonEncodedText.Encode("sender_id");
    private static readonly JsonEncodedText Score = JsonEncodedText.Encode("score");
    private static readonly JsonEncodedText Flagged = JsonEncodedText.Encode("flagged");
    private static readonly JsonEncodedText Reasons = JsonEncodedText.Encode("reasons");
    private static readonly JsonEncodedText Signal = JsonEncodedText.Encode("signal");
    private static readonly JsonEncodedText Weight = JsonEncodedText.Encode("weight");

    /// <summary>
    /// The output in 1 MB segments of native memory, freed once written. Growing one array would copy it at every
    /// doubling and hold old and new at once; 1 MB arrays would each go to the large-object heap, whose allocation budget
    /// is small, and 20-45 MB of output would start one or two full blocking collections of the run's largest heap.
    /// </summary>
    internal sealed class SegmentedBuffer : IBufferWriter<byte>, IDisposable
    {
        internal const int SegmentSize = 1 << 20;
        private readonly List<(NativeSegment Segment, int Length)> _full = [];
        private NativeSegment? _current;
        private int _used;

        public void Advance(int count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, (_current?.Length ?? 0) - _used);
            _used += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _current!.Memory[_used..];
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _current!.GetSpan()[_used..];
        }

        public void CopyTo(Stream stream)
        {
            foreach (var (segment, length) in _full)
            {
                stream.Write(segment.GetSpan()[..length]);
            }

            if (_current is not null)
            {
                stream.Write(_current.GetSpan()[.._used]);
            }
        }

        public void Dispose()
        {
            foreach (var (segment, _) in _full)
            {
                ((IDisposable)segment).Dispose();
            }

            _full.Clear();
            if (_current is not null)
            {
                ((IDisposable)_current).Dispose();
                _current = null;
            }

            _used = 0;
        }

        private void Reserve(int sizeHint)
        {
            if (_current is not null && _current.Length - _used >= Math.Max(sizeHint, 1))
            {
                return;
            }

            var next = new NativeSegment(Math.Max(SegmentSize, sizeHint));
            if (_current is not null)
            {
                _full.Add((_current, _used));
            }

            _current = next;
            _used = 0;
        }
    }

    /// <summary>A block of native memory as <see cref="Memory{T}"/>; <see cref="IDisposable.Dispose"/> frees it.</summary>
    private sealed unsafe class NativeSegment(int length) : MemoryManager<byte>
    {
        private byte* _pointer = (byte*)NativeMemory.Alloc((nuint)length);

        public int Length { get; } = length;

        public override Span<byte> GetSpan()
        {
            ObjectDisposedException.ThrowIf(_pointer is null, this);
            return new Span<byte>(_pointer, Length);
        }

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            ObjectDisposedException.ThrowIf(_pointer is null, this);
            ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, Length);
            return new MemoryHandle(_pointer + elementIndex);
        }

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
            NativeMemory.Free(_pointer);
            _pointer = null;
        }
    }
}
