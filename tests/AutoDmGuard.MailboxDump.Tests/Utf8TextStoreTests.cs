using System.Text;
using System.Text.Json.Nodes;

namespace AutoDmGuard.MailboxDump.Tests;

/// <summary>
/// Texts read into a <see cref="Utf8TextStore"/> are the texts the string path reads, each comes out once, and the
/// store's memory goes back as the texts are read.
/// </summary>
public sealed class Utf8TextStoreTests
{
    private static readonly string[] Texts =
    [
        "plain ascii",
        "",
        "quotes \" and \\ backslashes, a\nnew line and a\ttab",
        "escaped \u00e9 and a surrogate pair \ud83d\ude80 and raw ünïcödé 日本語 🚀",
        "\u0000 a NUL, \u001f a control character",
    ];

    [Fact]
    public void Reads_every_text_as_the_string_path_reads_it()
    {
        var json = Dump(Texts);
        var plain = MailboxDumpReader.Parse(json, "dump.json");
        using var store = new Utf8TextStore();
        var stored = MailboxDumpReader.Parse(json, "dump.json", store);

        Assert.Equal(Texts, plain.Events.Select(e => e.Text));
        Assert.All(plain.Events, e => Assert.Equal(-1, e.TextHandle));
        Assert.All(stored.Events, e => Assert.Null(e.Text));
        Assert.Equal(Texts, stored.Events.Select(e => store.Take(e.TextHandle)));
        Assert.Equal(0, store.BlocksHeld);
    }

    [Fact]
    public void A_handle_is_taken_or_released_once()
    {
        using var store = new Utf8TextStore();
        var events = MailboxDumpReader.Parse(Dump(["one", "two"]), "dump.json", store).Events;

        Assert.Equal("one", store.Take(events[0].TextHandle));
        store.Release(events[1].TextHandle);

        Assert.Throws<InvalidOperationException>(() => store.Take(events[0].TextHandle));
        Assert.Throws<InvalidOperationException>(() => store.Release(events[0].TextHandle));
        Assert.Throws<InvalidOperationException>(() => store.Take(events[1].TextHandle));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Take(2));
    }

    [Fact]
    public void Memory_goes_back_block_by_block_as_texts_are_read_in_order()
    {
        // About 5 blocks of 1 MB: 5,000 texts of 1,000 bytes.
        var texts = Enumerable.Range(0, 5000).Select(i => $"{i:D5} " + new string((char)('a' + (i % 26)), 994)).ToArray();
        using var store = new Utf8TextStore();
        var events = MailboxDumpReader.Parse(Dump(texts), "dump.json", store).Events;
        var blocks = store.BlocksHeld;
        Assert.InRange(blocks, 5, 6);

        for (var i = 0; i < texts.Length / 2; i++)
        {
            Assert.Equal(texts[i], store.Take(events[i].TextHandle));
        }

        Assert.InRange(store.BlocksHeld, blocks - 3, blocks - 2);

        // The rest on all cores, half of it released unread.
        Parallel.For(texts.Length / 2, texts.Length, i =>
        {
            if (i % 2 == 0)
            {
                Assert.Equal(texts[i], store.Take(events[i].TextHandle));
            }
            else
            {
                store.Release(events[i].TextHandle);
            }
        });

        Assert.Equal(0, store.BlocksHeld);
    }

    [Fact]
    public void Repacked_in_another_order_the_texts_read_in_that_order_free_their_blocks_as_they_go()
    {
        var texts = Enumerable.Range(0, 5000).Select(i => $"{i:D5} " + new string((char)('a' + (i % 26)), 994)).ToArray();
        using var store = new Utf8TextStore();
        var events = MailboxDumpReader.Parse(Dump(texts), "dump.json", store).Events;
        // Every fifth text first, then the rest: in the file's layout no block would be free before the end.
        var order = Enumerable.Range(0, texts.Length).OrderBy(i => (i % 5, i)).ToArray();
        var blocks = store.BlocksHeld;

        store.Repack(order);

        Assert.Equal(blocks, store.BlocksHeld);
        for (var k = 0; k < order.Length / 2; k++)
        {
            Assert.Equal(texts[order[k]], store.Take(events[order[k]].TextHandle));
        }

        Assert.InRange(store.BlocksHeld, blocks - 3, blocks - 2);
        foreach (var i in order.Skip(order.Length / 2))
        {
            Assert.Equal(texts[i], store.Take(events[i].TextHandle));
        }

        Assert.Equal(0, store.BlocksHeld);
    }

    [Fact]
    public void A_repack_keeps_the_texts_it_is_not_given_and_refuses_a_bad_order_before_moving_anything()
    {
        string[] texts = ["zero", "one \u00e9", "two", "three"];
        using var store = new Utf8TextStore();
        var events = MailboxDumpReader.Parse(Dump(texts), "dump.json", store).Events;

        Assert.Throws<ArgumentException>(() => store.Repack([2, 1, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Repack([4]));
        store.Repack([3, 1]);

        Assert.Equal(texts, events.Select(e => store.Take(e.TextHandle)));
        Assert.Throws<InvalidOperationException>(() => store.Repack([0]));
    }

    [Fact]
    public void A_text_longer_than_a_block_gets_a_block_of_its_own()
    {
        var texts = new[] { "before", new string('x', Utf8TextStore.BlockSize + 10), "after" };
        using var store = new Utf8TextStore();
        var events = MailboxDumpReader.Parse(Dump(texts), "dump.json", store).Events;

        Assert.Equal(3, store.BlocksHeld);
        Assert.Equal(texts, events.Select(e => store.Take(e.TextHandle)));
        Assert.Equal(0, store.BlocksHeld);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_duplicate_text_property_keeps_the_last_value_and_frees_the_first(bool repack)
    {
        var json = Encoding.UTF8.GetString(Dump(["first"])).Replace("\"text\":\"first\"", "\"text\":\"first\",\"text\":\"second\"", StringComparison.Ordinal);
        Assert.Contains("second", json, StringComparison.Ordinal);
        using var store = new Utf8TextStore();
        var e = MailboxDumpReader.Parse(Encoding.UTF8.GetBytes(json), "dump.json", store).Events.Single();

        Assert.Equal("second", MailboxDumpReader.Parse(Encoding.UTF8.GetBytes(json), "dump.json").Events.Single().Text);
        if (repack)
        {
            store.Repack([]);
        }

        Assert.Equal("second", store.Take(e.TextHandle));
        Assert.Equal(0, store.BlocksHeld);
    }

    [Theory]
    [InlineData("\"text\":\"one\"", "\"text\":null", "$.dm_events[0].text: missing (required for MessageCreate)")]
    [InlineData("\"text\":\"one\"", "\"text\":7", "$.dm_events[0].text")]
    public void A_missing_or_wrong_text_is_refused_as_without_a_store(string find, string replace, string expected)
    {
        var json = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Dump(["one"])).Replace(find, replace, StringComparison.Ordinal));
        using var store = new Utf8TextStore();

        var plain = Assert.Throws<MailboxDumpException>(() => MailboxDumpReader.Parse(json, "dump.json"));
        var stored = Assert.Throws<MailboxDumpException>(() => MailboxDumpReader.Parse(json, "dump.json", store));

        Assert.Contains(expected, plain.Message, StringComparison.Ordinal);
        Assert.Equal(plain.Message, stored.Message);
    }

    [Fact]
    public void Invalid_utf8_in_a_text_is_refused_as_without_a_store()
    {
        var json = Dump(["ab"]);
        var at = Encoding.UTF8.GetString(json).IndexOf("\"ab\"", StringComparison.Ordinal) + 1;
        json[at] = 0xFF;
        using var store = new Utf8TextStore();

        var plain = Assert.Throws<MailboxDumpException>(() => MailboxDumpReader.Parse(json, "dump.json"));
        var stored = Assert.Throws<MailboxDumpException>(() => MailboxDumpReader.Parse(json, "dump.json", store));

        Assert.Equal(plain.Message, stored.Message);
    }

    [Fact]
    public void A_disposed_store_refuses_to_read()
    {
        var store = new Utf8TextStore();
        var e = MailboxDumpReader.Parse(Dump(["one"]), "dump.json", store).Events.Single();
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.Take(e.TextHandle));
    }

    // A dump whose events are messages with these texts, all from one sender.
    private static byte[] Dump(string[] texts)
    {
        var events = new JsonArray();
        for (var i = 0; i < texts.Length; i++)
        {
            events.Add(new JsonObject
            {
                ["id"] = (1850000000000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["event_type"] = "MessageCreate",
                ["text"] = texts[i],
                ["sender_id"] = "2001",
                ["dm_conversation_id"] = "1000-2001",
                ["created_at"] = "2026-10-04T10:05:00.000Z",
            });
        }

        var dump = new JsonObject
        {
            ["format"] = "autodmguard-mailbox/1",
            ["me"] = new JsonObject { ["id"] = "1000", ["username"] = "me" },
            ["users"] = new JsonArray(new JsonObject { ["id"] = "2001", ["username"] = "sender" }),
            ["dm_events"] = events,
        };
        // Non-ASCII text as raw UTF-8; quotes, backslashes and control characters escaped.
        var options = new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return Encoding.UTF8.GetBytes(dump.ToJsonString(options));
    }
}
