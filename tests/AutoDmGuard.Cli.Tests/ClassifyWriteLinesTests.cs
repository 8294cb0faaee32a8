using System.Text;
using System.Text.Json;
using AutoDmGuard.Cli;
using AutoDmGuard.Core;

namespace AutoDmGuard.Cli.Tests;

/// <summary>
/// `classify` builds its output in native segments (<see cref="ClassifyCommand.SegmentedBuffer"/>): lines spanning
/// segment and block boundaries, and a line longer than a segment, must come out exactly as one line-by-line
/// serialization writes them, through both the stdout path and the generic writer path.
/// </summary>
public class ClassifyWriteLinesTests
{
    private static List<DmVerdict> Verdicts(int count, int hugeAt = -1)
    {
        var verdicts = new List<DmVerdict>(count);
        for (var i = 0; i < count; i++)
        {
            var reasons = new List<SignalHit>();
            for (var r = 0; r < 1 + (i % 5); r++)
            {
                reasons.Add(new SignalHit($"signal-{r}-é-\"q\"", (i * 0.0137) - r, "why"));
            }

            if (i == hugeAt)
            {
                reasons.Add(new SignalHit(new string('x', (3 * ClassifyCommand.SegmentedBuffer.SegmentSize) / 2), 1.5, "long"));
            }

            verdicts.Add(new DmVerdict($"{1_000_000_000_000 + i}", $"sender-{i % 97}", (i % 1000) / 999.0, i % 3 == 0, reasons, null, 1));
        }

        return verdicts;
    }

    // The format, one line at a time, with nothing shared with the segmented path but the JSON calls.
    private static byte[] Expected(IReadOnlyList<DmVerdict> verdicts)
    {
        using var bytes = new MemoryStream();
        foreach (var v in verdicts)
        {
            using (var json = new Utf8JsonWriter(bytes, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
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
            }

            bytes.WriteByte((byte)'\n');
        }

        return bytes.ToArray();
    }

    [Theory]
    [InlineData(0, -1)]
    [InlineData(1, -1)]
    [InlineData(30_000, -1)]
    [InlineData(30_000, 20_000)]
    [InlineData(5_000, 4_000)]
    public void Lines_are_those_of_a_line_by_line_serialization(int count, int hugeAt)
    {
        var verdicts = Verdicts(count, hugeAt);
        var expected = Expected(verdicts);

        using var stdout = new MemoryStream();
        using (var writer = new StreamWriter(stdout, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" })
        {
            ClassifyCommand.WriteLines(verdicts, writer);
        }

        Assert.Equal(expected, stdout.ToArray());

        using var text = new StringWriter { NewLine = "\n" };
        ClassifyCommand.WriteLines(verdicts, text);
        Assert.Equal(expected, Encoding.UTF8.GetBytes(text.ToString()));
    }

    [Theory]
    [InlineData(double.NaN, 0.5)]
    [InlineData(0.5, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, 0.5)]
    public void A_line_that_cannot_be_written_late_in_the_output_leaves_stdout_empty(double score, double weight)
    {
        // The bad verdict sits in the last block, after several blocks that could already have been streamed.
        var verdicts = Verdicts(100_000);
        var last = verdicts[^1];
        verdicts[^1] = last with { Score = score, Reasons = [new SignalHit("x", weight, "why")] };
        Assert.False(ClassifyCommand.AllWritable(verdicts));

        using var stdout = new MemoryStream();
        using var writer = new StreamWriter(stdout, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        Assert.ThrowsAny<ArgumentException>(() => ClassifyCommand.WriteLines(verdicts, writer));
        writer.Flush();
        Assert.Equal(0, stdout.Length);
    }

    [Fact]
    public void Output_buffers_are_not_managed_arrays()
    {
        // One block (fewer than 8,192 lines) is serialized on the calling thread: several MB of output must not cost
        // that thread managed allocations of the output's size (1 MB arrays go to the large-object heap, whose small
        // budget then starts full blocking collections).
        var verdicts = Verdicts(8_000);
        var sink = new CountingStream();
        using var writer = new StreamWriter(sink, new UTF8Encoding(false)) { NewLine = "\n" };
        ClassifyCommand.WriteLines(verdicts, writer); // compiles and warms everything on the way

        sink.Written = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        ClassifyCommand.WriteLines(verdicts, writer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(sink.Written > 1_500_000, $"only {sink.Written} bytes written");
        Assert.True(allocated < sink.Written / 4, $"{allocated:N0} bytes allocated for {sink.Written:N0} bytes of output");
    }

    private sealed class CountingStream : Stream
    {
        public long Written { get; set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written;

        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Written += buffer.Length;
    }
}
