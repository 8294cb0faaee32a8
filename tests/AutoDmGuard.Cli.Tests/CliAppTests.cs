using System.Text.Json;
using AutoDmGuard.Cli;

namespace AutoDmGuard.Cli.Tests;

public sealed class CliAppTests : IDisposable
{
    private const string Dump = """
        {
          "format": "autodmguard-mailbox/1",
          "me": { "id": "1000", "username": "kit_makes", "name": "Kit Morrow" },
          "users": [
            { "id": "1000", "username": "kit_makes", "name": "Kit Morrow" },
            { "id": "2001", "username": "glazeguru", "name": "Glaze Guru", "description": "Helping potters grow 🚀",
              "created_at": "2020-01-01T00:00:00.000Z", "verified": false,
              "public_metrics": { "followers_count": 800, "following_count": 5200 } },
            { "id": "2002", "username": "ana_d", "name": "Ana Duarte" }
          ],
          "following": [ { "user_id": "2001", "followed_at": "2026-10-03T09:14:00.000Z" }, { "user_id": "2002", "followed_at": null } ],
          "dm_events": [
            { "id": "1850000000000000004", "event_type": "MessageCreate", "text": "yes! thursday works", "sender_id": "2002",
              "dm_conversation_id": "1000-2002", "created_at": "2026-10-04T10:05:00.000Z" },
            { "id": "1850000000000000003", "event_type": "MessageCreate", "text": "dinner on thursday?", "sender_id": "1000",
              "dm_conversation_id": "1000-2002", "created_at": "2026-10-04T10:00:00.000Z" },
            { "id": "1850000000000000002", "event_type": "ParticipantsJoin", "participant_ids": ["2002"], "sender_id": "1000",
              "dm_conversation_id": "555", "created_at": "2026-10-03T09:16:00.000Z" },
            { "id": "1850000000000000001", "event_type": "MessageCreate", "text": "Thanks for the follow! Grab my free glaze cheat sheet: https://t.co/xyz — sent via Greetbot",
              "sender_id": "2001", "dm_conversation_id": "1000-2001", "created_at": "2026-10-03T09:15:02.000Z" }
          ]
        }
        """;

    private const string Labels = """
        {"dm_event_id": "1850000000000000001", "label": "auto", "category": "freebie"}
        {"dm_event_id": "1850000000000000004", "label": "personal", "category": "personal-chat"}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("autodmguard-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Classify_prints_one_json_line_per_received_message()
    {
        var (code, output, err) = Run("classify", Write("dump.json", Dump));

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var byId = lines.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("dm_event_id").GetString()!);
        var auto = byId["1850000000000000001"];
        Assert.Equal("2001", auto.GetProperty("sender_id").GetString());
        Assert.True(auto.GetProperty("flagged").GetBoolean());
        Assert.InRange(auto.GetProperty("score").GetDouble(), 0.5, 1);
        var signals = auto.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("signal").GetString()).ToList();
        Assert.Contains("tool-signature", signals);
        Assert.All(auto.GetProperty("reasons").EnumerateArray(), r => Assert.Equal(2, r.EnumerateObject().Count()));
        Assert.False(byId["1850000000000000004"].GetProperty("flagged").GetBoolean());
        Assert.Equal(["dm_event_id", "sender_id", "score", "flagged", "reasons"], auto.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Truncated_dump_names_the_json_path_and_prints_nothing()
    {
        var (code, output, err) = Run("classify", Write("cut.json", Dump[..(Dump.Length * 2 / 3)]));

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("$.dm_events", err, StringComparison.Ordinal);
        Assert.Contains("truncated", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_timestamp_names_its_path()
    {
        var broken = Dump.Replace("2026-10-03T09:15:02.000Z", "yesterday-ish", StringComparison.Ordinal);

        var (code, output, err) = Run("classify", Write("bad.json", broken));

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("$.dm_events[3].created_at", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"sender_id\": \"2002\",", "", "$.dm_events[0].sender_id")]
    [InlineData("\"format\": \"autodmguard-mailbox/1\",", "\"format\": \"other/2\",", "$.format")]
    [InlineData("\"id\": \"1850000000000000004\"", "\"id\": 18", "$.dm_events[0].id")]
    [InlineData("\"me\": {", "\"me\": [{", "$.me")]
    public void Malformed_fields_name_their_path(string find, string replace, string path)
    {
        var (code, output, err) = Run("classify", Write("bad.json", Dump.Replace(find, replace, StringComparison.Ordinal)));

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains(path, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_a_clear_error()
    {
        var (code, output, err) = Run("classify", Path.Combine(_dir, "nope.json"));

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("cannot read", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    [InlineData("classify")]
    [InlineData("classify", "a.json", "b.json")]
    [InlineData("eval", "only-one.json")]
    [InlineData("eval", "--threshold", "7", "a.json", "b.json")]
    public void Usage_errors_exit_2_with_usage(params string[] args)
    {
        var (code, output, err) = Run(args);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("usage:", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_reports_precision_recall_and_the_confusion_table()
    {
        var (code, output, err) = Run("eval", Write("dump.json", Dump), Write("labels.jsonl", Labels));

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, err);
        Assert.Contains("precision 1.000  recall 1.000  F1 1.000", output, StringComparison.Ordinal);
        Assert.Contains("actual auto", output, StringComparison.Ordinal);
        Assert.Contains("false negatives): none", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_baseline_uses_the_keyword_script()
    {
        var (code, output, _) = Run("eval", "--baseline", Write("dump.json", Dump), Write("labels.jsonl", Labels));

        Assert.Equal(0, code);
        Assert.StartsWith("keyword baseline", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_names_the_bad_labels_line()
    {
        var (code, output, err) = Run("eval", Write("dump.json", Dump), Write("labels.jsonl", Labels + "\n{\"dm_event_id\": \"9\", \"label\": \"maybe\"}\n"));

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("line 3: $.label", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mixed")]
    [InlineData("everyday")]
    [InlineData("templates")]
    [InlineData("identical")]
    [InlineData("long-unique")]
    [InlineData("default")]
    public void Synth_writes_each_shape_with_the_count_of_received_dms_the_same_for_the_same_seed(string shape)
    {
        var a = Path.Combine(_dir, "a.json");
        var b = Path.Combine(_dir, "b.json");
        var c = Path.Combine(_dir, "c.json");

        Assert.Equal(0, Run("synth", "--shape", shape, "--seed", "7", "300", a).Code);
        Assert.Equal(0, Run("synth", "--seed", "7", "--shape", shape, "300", b).Code);
        Assert.Equal(0, Run("synth", "--shape", shape, "--seed", "8", "300", c).Code);

        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(c));
        var mailbox = DumpReader.Read(a);
        Assert.Equal(300, mailbox.Messages.Count(m => m.SenderId != mailbox.Context.MeId));
        var (code, output, _) = Run("classify", a);
        Assert.Equal(0, code);
        Assert.Equal(300, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Synth_shapes_have_the_text_distribution_their_name_says()
    {
        Texts("identical", out var identical);
        Texts("everyday", out var everyday);
        Texts("long-unique", out var longUnique);
        Texts("templates", out var templates);

        Assert.Single(identical.Distinct());
        Assert.All(everyday, t => Assert.InRange(t.Split(' ').Length, 3, 30));
        Assert.All(longUnique, t => Assert.InRange(t.Split(' ').Length, 60, 150));
        Assert.Equal(longUnique.Count, longUnique.Distinct().Count());
        string[] skeletons = ["daily", "mastermind", "audience", "WELCOME20", "ebook"];
        Assert.All(templates, t => Assert.Single(skeletons, k => t.Contains(k, StringComparison.Ordinal)));
        Assert.All(skeletons, k => Assert.Contains(templates, t => t.Contains(k, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("--shape", "weird", "10")]
    [InlineData("--seed", "x", "10")]
    [InlineData("--shape")]
    [InlineData("--colour", "red", "10")]
    public void Synth_refuses_bad_options_with_a_usage_error(params string[] args)
    {
        var (code, _, err) = Run(["synth", .. args, Path.Combine(_dir, "out.json")]);

        Assert.Equal(2, code);
        Assert.Contains("error:", err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "out.json")));
    }

    private void Texts(string shape, out List<string> texts)
    {
        var file = Path.Combine(_dir, shape + ".json");
        Assert.Equal(0, Run("synth", "--shape", shape, "500", file).Code);
        texts = [.. DumpReader.Read(file).Messages.Select(m => m.Text)];
    }
}
