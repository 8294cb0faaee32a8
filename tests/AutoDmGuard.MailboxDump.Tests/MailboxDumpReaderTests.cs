using System.Text;
using System.Text.Json.Nodes;

namespace AutoDmGuard.MailboxDump.Tests;

/// <summary>
/// The one reader the Cli and the sandbox share: what FORMAT.md allows is read into checked values, and anything else
/// is refused with a message naming the file, the JSON path and the problem.
/// </summary>
public sealed class MailboxDumpReaderTests
{
    // Every kind of element FORMAT.md allows, once (a file, so its JSON is read as data, not as code).
    private static readonly string Valid = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "valid-dump.json"));

    [Fact]
    public void Reads_a_valid_dump_into_checked_values()
    {
        var dump = MailboxDumpReader.Parse(Encoding.UTF8.GetBytes(Valid), "dump.json");

        Assert.Equal(("1000", "kit_makes", "Kit Morrow"), (dump.Me.Id, dump.Me.Username, dump.Me.Name));
        Assert.Equal(["2001", "2002", "2003"], dump.Users.Select(u => u.Id));
        var guru = dump.Users[0];
        Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), guru.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, guru.CreatedAt!.Value.Kind);
        Assert.True(guru.Verified && guru.Protected);
        Assert.Equal(("https://t.co/a", "Leeds"), (guru.Url, guru.Location));
        Assert.Equal(new PublicMetricsDto(800, 5200, 12000, 3, 9_000_000_000), guru.PublicMetrics);
        Assert.False(dump.Users[1].Verified || dump.Users[1].Protected);
        Assert.Null(dump.Users[1].PublicMetrics);
        Assert.Equal([new DumpFollow("2001", new DateTime(2026, 10, 3, 9, 14, 0, DateTimeKind.Utc)), new DumpFollow("2002", null)], dump.Following);

        Assert.Equal([true, true, false, false], dump.Events.Select(e => e.IsMessage));
        Assert.Equal(new DateTime(2026, 10, 4, 10, 0, 0, DateTimeKind.Utc), dump.Events[1].CreatedAt);
        Assert.Equal(("1000", "dinner on thursday?", "1000-2002"), (dump.Events[1].SenderId, dump.Events[1].Text, dump.Events[1].ConversationId));
        Assert.Null(dump.Events[0].ParticipantIds);
        Assert.Equal(["2003"], dump.Events[2].ParticipantIds!);
        Assert.Null(dump.Events[3].SenderId);
    }

    [Fact]
    public void An_id_that_occurs_again_is_read_into_the_same_string()
    {
        var dump = MailboxDumpReader.Parse(Encoding.UTF8.GetBytes(Valid), "dump.json");

        // One string per distinct id, not one per occurrence (fewer long-lived objects on a 100,000-DM dump).
        Assert.Same(dump.Events[0].ConversationId, dump.Events[1].ConversationId);
        Assert.Same(dump.Users[1].Id, dump.Events[0].SenderId);
        Assert.Same(dump.Me.Id, dump.Events[1].SenderId);
        Assert.Same(dump.Users[0].Id, dump.Following[0].UserId);
    }

    [Theory]
    [InlineData("2026-10-04T10:05:00.000Z", true)]
    [InlineData("0001-01-01T00:00:00.000Z", true)]
    [InlineData("9999-12-31T23:59:59.999Z", true)]
    [InlineData("2024-02-29T12:00:00.500Z", true)]
    [InlineData("2023-02-29T12:00:00.500Z", false)]
    [InlineData("2026-04-31T00:00:00.000Z", false)]
    [InlineData("0000-01-01T00:00:00.000Z", false)]
    [InlineData("2026-13-01T00:00:00.000Z", false)]
    [InlineData("2026-00-01T00:00:00.000Z", false)]
    [InlineData("2026-10-00T00:00:00.000Z", false)]
    [InlineData("2026-10-04T24:00:00.000Z", false)]
    [InlineData("2026-10-04T23:60:00.000Z", false)]
    [InlineData("2026-10-04T23:59:60.000Z", false)]
    [InlineData("2026-10-04T10:05:00Z", false)]
    [InlineData("2026-10-04T10:05:00.000+00:00", false)]
    [InlineData("2026-10-04 10:05:00.000Z", false)]
    [InlineData("2026-1a-04T10:05:00.000Z", false)]
    [InlineData("2026-10-04T10:05:00.0000", false)]
    public void A_time_read_from_bytes_is_the_time_the_string_path_reads(string value, bool fromBytes)
    {
        var read = MailboxDumpReader.TryXTime(Encoding.UTF8.GetBytes(value), out var utc);

        Assert.Equal(fromBytes, read);
        if (read)
        {
            Assert.True(MailboxDumpReader.TryTime(value, out var expected));
            Assert.Equal((expected, expected.Kind), (utc, utc.Kind));
        }
    }

    [Fact]
    public void Times_in_the_x_spelling_read_from_bytes_agree_with_the_string_path_on_random_digits()
    {
        // Digits anywhere in "yyyy-MM-ddTHH:mm:ss.fffZ", biased towards the edges of each field's range.
        var random = new Random(15);
        var accepted = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var value = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{random.Next(0, 10000):D4}-{random.Next(0, 14):D2}-{random.Next(0, 33):D2}T{random.Next(0, 26):D2}:{random.Next(0, 62):D2}:{random.Next(0, 62):D2}.{random.Next(0, 1000):D3}Z");
            var fromBytes = MailboxDumpReader.TryXTime(Encoding.UTF8.GetBytes(value), out var utc);
            var fromString = MailboxDumpReader.TryTime(value, out var expected);

            Assert.True(fromBytes == fromString, value);
            if (fromBytes)
            {
                Assert.Equal((expected, expected.Kind), (utc, utc.Kind));
                accepted++;
            }
        }

        Assert.InRange(accepted, 5_000, 20_000);
    }

    [Theory]
    [InlineData("$.format", null, "missing")]
    [InlineData("$.format", "autodmguard-mailbox/2", "unsupported format")]
    [InlineData("$.me", null, "missing")]
    [InlineData("$.me.id", "me", "decimal id")]
    [InlineData("$.me.username", "", "missing")]
    [InlineData("$.users", null, "missing")]
    [InlineData("$.users[1].id", "two thousand", "decimal id")]
    [InlineData("$.users[1].id", "20020000000000000000000", "decimal id")]
    [InlineData("$.users[1].id", "2001", "duplicate user id 2001")]
    [InlineData("$.users[1].username", null, "missing")]
    [InlineData("$.users[0].created_at", "last spring", "ISO 8601")]
    [InlineData("$.following[1].user_id", "555", "user 555 is not in $.users")]
    [InlineData("$.following[0].followed_at", "2026-10-03T09:14:00+02:00", "ISO 8601 UTC")]
    [InlineData("$.dm_events", null, "missing")]
    [InlineData("$.dm_events[1].id", "1850000000000000004", "duplicate event id")]
    [InlineData("$.dm_events[0].id", "-5", "decimal id")]
    [InlineData("$.dm_events[0].event_type", "MessageDelete", "unknown event type")]
    [InlineData("$.dm_events[0].event_type", null, "missing")]
    [InlineData("$.dm_events[0].created_at", null, "missing")]
    [InlineData("$.dm_events[0].created_at", "yesterday at noon", "ISO 8601")]
    [InlineData("$.dm_events[0].dm_conversation_id", "1000_2002", "one-to-one id")]
    [InlineData("$.dm_events[0].dm_conversation_id", null, "one-to-one id")]
    [InlineData("$.dm_events[0].dm_conversation_id", "1000-2001", "does not contain sender 2002")]
    [InlineData("$.dm_events[0].sender_id", null, "decimal id")]
    [InlineData("$.dm_events[0].sender_id", "777", "user 777 is not in $.users")]
    [InlineData("$.dm_events[0].text", null, "missing (required for MessageCreate)")]
    [InlineData("$.dm_events[2].participant_ids", null, "missing (required for ParticipantsJoin)")]
    public void Broken_values_are_refused_naming_the_path_and_the_problem(string path, string? value, string problem)
    {
        var dump = JsonNode.Parse(Valid)!;
        Set(dump, path, value);

        var error = Assert.Throws<MailboxDumpException>(() => MailboxDumpReader.Parse(Encoding.UTF8.GetBytes(dump.ToJsonString()), "dump.json"));

        Assert.Equal(path, error.JsonPath);
        Assert.StartsWith($"dump.json: {path}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "$.dm_events[2].participant_ids", "missing")]
    [InlineData("[\"2003\", \"x\"]", "$.dm_events[2].participant_ids[1]", "decimal id")]
    [InlineData("[\"2003\", null]", "$.dm_events[2].participant_ids[1]", "decimal id")]
    [InlineData("42", "$.dm_events[2].participant_ids", "malformed JSON")]
    public void Participant_lists_are_checked_item_by_item(string participants, string path, string problem)
    {
        var json = Valid.Replace("\"participant_ids\": [\"2003\"], \"sender_id\"", $"\"participant_ids\": {participants}, \"sender_id\"", StringComparison.Ordinal);
        Assert.NotEqual(Valid, json);

        var error = Assert.Throws<MailboxDumpException>(() => MailboxDumpReader.Parse(Encoding.UTF8.GetBytes(json), "dump.json"));

        Assert.Equal(path, error.JsonPath);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_is_refused_with_the_source_and_a_path()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid);
        for (var length = 0; length < bytes.Length - 1; length++)
        {
            var error = Assert.Throws<MailboxDumpException>(() => MailboxDumpReader.Parse(bytes.AsSpan(0, length), "cut.json"));
            Assert.StartsWith("cut.json: $", error.Message, StringComparison.Ordinal);
            Assert.StartsWith("$", error.JsonPath, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("null", "$", "found null")]
    [InlineData("[]", "$", "malformed JSON")]
    [InlineData("{}", "$.format", "missing")]
    [InlineData("{\"format\": \"autodmguard-mailbox/1\"", "$.format", "truncated")]
    public void Odd_documents_are_refused(string json, string path, string problem)
    {
        var error = Assert.Throws<MailboxDumpException>(() => MailboxDumpReader.Parse(Encoding.UTF8.GetBytes(json), "odd.json"));

        Assert.Equal(path, error.JsonPath);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_a_clear_error_without_a_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-dump-{Guid.NewGuid():N}.json");

        var error = Assert.Throws<MailboxDumpException>(() => MailboxDumpReader.ReadFile(missing));

        Assert.StartsWith($"{missing}: cannot read the file", error.Message, StringComparison.Ordinal);
        Assert.Null(error.JsonPath);
    }

    [Fact]
    public void What_the_writer_writes_reads_back_and_leaves_absent_fields_out()
    {
        var dto = new MailboxDto(
            MailboxFormat.Name,
            new UserDto("1000", "me_user", "Robin", null, null, null, null),
            [new UserDto("2001", "bot", null, "Growth tips", "2020-05-05T00:00:00.000Z", false, new PublicMetricsDto(300, 280))],
            [new FollowingDto("2001", "2026-01-01T00:00:00.000Z")],
            [new DmEventDto("1900000000000000001", MailboxFormat.MessageCreate, "hi", "2001", "1000-2001", "2026-01-01T00:00:30.000Z")]);
        using var stream = new MemoryStream();

        MailboxDumpWriter.Write(dto, stream);

        var json = Encoding.UTF8.GetString(stream.ToArray());
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("participant_ids", json, StringComparison.Ordinal);
        var dump = MailboxDumpReader.Parse(stream.ToArray(), "written.json");
        Assert.Equal(new DumpUser("2001", "bot", null, "Growth tips", new DateTime(2020, 5, 5, 0, 0, 0, DateTimeKind.Utc), false, false, null, null, new PublicMetricsDto(300, 280)), dump.Users[0]);
        Assert.Equal(new DumpEvent("1900000000000000001", MailboxFormat.MessageCreate, "1000-2001", new DateTime(2026, 1, 1, 0, 0, 30, DateTimeKind.Utc), "2001", "hi", null), dump.Events[0]);
    }

    [Fact]
    public void Dev_mailbox_of_the_shared_corpus_reads_in_full()
    {
        var file = Path.Combine(CorpusLocator.Require(), "dev-mailbox.json");
        var raw = JsonNode.Parse(File.ReadAllBytes(file))!;

        var dump = MailboxDumpReader.ReadFile(file);

        Assert.Equal(raw["dm_events"]!.AsArray().Count, dump.Events.Count);
        Assert.Equal(raw["users"]!.AsArray().Count, dump.Users.Count);
        Assert.Equal(raw["following"]!.AsArray().Count, dump.Following.Count);
        Assert.Contains(dump.Events, e => e.EventType == MailboxFormat.ParticipantsJoin && e.ParticipantIds is { Count: > 0 });
        Assert.Contains(dump.Events, e => e.EventType == MailboxFormat.ParticipantsLeave);
    }

    // Sets (or, for null, removes) the property a simple JSON path like $.dm_events[3].sender_id names.
    private static void Set(JsonNode root, string path, string? value)
    {
        var parts = path[2..].Split('.');
        var node = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            if (i == parts.Length - 1 && bracket < 0)
            {
                var obj = node.AsObject();
                if (value is null)
                {
                    obj.Remove(name);
                }
                else
                {
                    obj[name] = value;
                }

                return;
            }

            node = node[name]!;
            if (bracket >= 0)
            {
                node = node[int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
            }
        }
    }
}
