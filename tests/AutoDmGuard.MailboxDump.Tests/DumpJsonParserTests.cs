using System.Text;
using System.Text.Json;
namespace AutoDmGuard.MailboxDump.Tests;

/// <summary>
/// The hand-written dump reader must accept exactly what the source-generated serializer accepts, read the same
/// values, and name a JSON path whenever it refuses.
/// </summary>
public sealed class DumpJsonParserTests
{
    private const string Dump = """
        {
          "format": "autodmguard-mailbox/1",
          "ignored": { "deep": [1, 2, { "x": null }] },
          "me": { "id": "1000", "username": "kit_makes", "name": "Kit Morrow", "public_metrics": { "followers_count": 10, "following_count": null } },
          "users": [
            { "id": "1000", "username": "kit_makes", "name": "Kit \u004dorrow", "protected": false, "url": "https://t.co/a", "location": "Leeds" },
            null,
            { "id": "2001", "username": "glazeguru", "name": null, "description": "Helping potters grow 🚀",
              "created_at": "2020-01-01T00:00:00.000Z", "verified": true,
              "public_metrics": { "followers_count": 800, "following_count": 5200, "tweet_count": 12000, "listed_count": 3, "like_count": 9000000000 } }
          ],
          "following": [ { "user_id": "2001", "followed_at": "2026-10-03T09:14:00.000Z" }, { "user_id": "2002", "followed_at": null } ],
          "dm_events": [
            { "id": "1850000000000000004", "event_type": "MessageCreate", "text": "yes! \"thursday\" works\n", "sender_id": "2002",
              "dm_conversation_id": "1000-2002", "created_at": "2026-10-04T10:05:00.000Z" },
            { "id": "1850000000000000002", "event_type": "ParticipantsJoin", "participant_ids": ["2002"], "sender_id": "1000",
              "dm_conversation_id": "555", "created_at": "2026-10-03T09:16:00.000Z", "id": "1850000000000000003" }
          ]
        }
        """;

    [Fact]
    public void Reads_arrays_longer_than_a_chunk_in_order()
    {
        // More events and users than one ChunkedList chunk holds (8,192), some null.
        const int events = (2 * 8192) + 5;
        var json = new StringBuilder("""{ "format": "autodmguard-mailbox/1", "me": { "id": "1000", "username": "me" }, "users": [""");
        for (var u = 0; u < 9000; u++)
        {
            json.Append(u == 0 ? "" : ",").Append(u % 4000 == 7 ? "null" : $$"""{ "id": "{{2000 + u}}", "username": "u{{u}}" }""");
        }

        json.Append("""], "following": [], "dm_events": [""");
        for (var e = 0; e < events; e++)
        {
            json.Append(e == 0 ? "" : ",").Append(e % 5000 == 11 ? "null" : $$"""
                { "id": "{{1850000000000000000 + e}}", "event_type": "MessageCreate", "text": "hi {{e}}", "sender_id": "{{2000 + (e % 9000)}}",
                  "dm_conversation_id": "c{{e % 300}}", "created_at": "2026-10-04T10:05:00.000Z" }
                """);
        }

        var bytes = Encoding.UTF8.GetBytes(json.Append("]}").ToString());
        var parsed = DumpJsonParser.Parse(bytes, "dump.json");

        Assert.Equal(events, parsed!.DmEvents!.Count);
        Assert.Equal(Serialized(Reference(bytes)), Serialized(parsed));
    }

    [Fact]
    public void Reads_the_same_objects_as_the_serializer()
    {
        var bytes = Encoding.UTF8.GetBytes(Dump);

        Assert.Equal(Serialized(Reference(bytes)), Serialized(DumpJsonParser.Parse(bytes, "dump.json")));
    }

    [Fact]
    public void Every_truncation_is_refused_with_a_path_like_the_serializer_refuses_it()
    {
        var bytes = Encoding.UTF8.GetBytes(Dump);
        for (var length = 0; length < bytes.Length; length++)
        {
            AssertSameVerdict(bytes[..length]);
        }
    }

    [Theory]
    [InlineData("\"verified\": true", "\"verified\": \"yes\"")]
    [InlineData("\"followers_count\": 800", "\"followers_count\": 8.5")]
    [InlineData("\"followers_count\": 800", "\"followers_count\": 80000000000")]
    [InlineData("\"followers_count\": 800", "\"followers_count\": 99999999999999999999")]
    [InlineData("\"participant_ids\": [\"2002\"]", "\"participant_ids\": 42")]
    [InlineData("\"participant_ids\": [\"2002\"]", "\"participant_ids\": [2002]")]
    [InlineData("\"participant_ids\": [\"2002\"]", "\"participant_ids\": [\"2002\", null]")]
    [InlineData("\"protected\": false", "\"protected\": \"no\"")]
    [InlineData("\"followers_count\": 800", "\"followers_count\": \"800\"")]
    [InlineData("\"id\": \"1000\",", "\"id\": 1000,")]
    [InlineData("\"users\": [", "\"users\": {\"a\": [")]
    [InlineData("\"following\": [", "\"following\": 3, \"x\": [")]
    [InlineData("\"dm_events\": [", "\"dm_events\": null, \"x\": [")]
    [InlineData("\"me\": {", "\"me\": null, \"x\": {")]
    [InlineData("null,", "\"someone\",")]
    [InlineData("null,", "[],")]
    [InlineData("\"format\": \"autodmguard-mailbox/1\"", "\"format\": [\"autodmguard-mailbox/1\"]")]
    [InlineData("\"text\": \"yes!", "\"text\": true, \"t\": \"yes!")]
    [InlineData("\"followed_at\": null }", "\"followed_at\": null, }")]
    [InlineData("\"ignored\"", "// comment\n\"ignored\"")]
    [InlineData("\"event_type\": \"MessageCreate\"", "\"event_type\": 7")]
    public void Wrong_types_and_syntax_are_refused_like_the_serializer(string find, string replace)
    {
        var mutated = Dump.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Dump, mutated);

        AssertSameVerdict(Encoding.UTF8.GetBytes(mutated));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("  null  ")]
    [InlineData("{}")]
    [InlineData("{} {}")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("")]
    [InlineData("{\"users\": [], \"users\": null}")]
    public void Odd_documents_are_treated_like_the_serializer_treats_them(string json) =>
        AssertSameVerdict(Encoding.UTF8.GetBytes(json));

    private static void AssertSameVerdict(byte[] json)
    {
        string? expected;
        try
        {
            expected = Serialized(Reference(json));
        }
        catch (JsonException)
        {
            var ex = Assert.Throws<MailboxDumpException>(() => DumpJsonParser.Parse(json, "dump.json"));
            Assert.StartsWith("dump.json: $", ex.Message, StringComparison.Ordinal);
            Assert.Contains("malformed", ex.Message, StringComparison.Ordinal);
            return;
        }

        Assert.Equal(expected, Serialized(DumpJsonParser.Parse(json, "dump.json")));
    }

    private static MailboxDto? Reference(byte[] json) => JsonSerializer.Deserialize(json, DumpJsonContext.Default.MailboxDto);

    private static string Serialized(MailboxDto? dto) => JsonSerializer.Serialize(dto, DumpJsonContext.Default.MailboxDto!);
}
