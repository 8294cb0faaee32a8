using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoDmGuard.MailboxDump;
using AutoDmGuard.Testing.Corpus;
using AutoDmGuard.XApiSandbox.Tests.Support;

namespace AutoDmGuard.XApiSandbox.Tests;

public sealed class DumpLoaderTests
{
    [Theory]
    [InlineData("$.dm_events[12].created_at", "yesterday at noon")]
    [InlineData("$.dm_events[3].sender_id", "777")]
    [InlineData("$.dm_events[5].event_type", "MessageDelete")]
    [InlineData("$.dm_events[7].dm_conversation_id", "100_200")]
    [InlineData("$.users[1].id", "two hundred")]
    [InlineData("$.following[1].user_id", "555")]
    [InlineData("$.format", "autodmguard-mailbox/2")]
    public async Task Invalid_values_fail_start_with_the_json_path(string path, string value)
    {
        var dump = TestDump.Build(TestSandbox.Start);
        Set(dump, path, value);
        var file = TestDump.Write(dump);
        try
        {
            var error = await Assert.ThrowsAsync<MailboxDumpException>(() => TestSandbox.StartAsync(o => o.DumpPath = file));
            Assert.Equal(path, error.JsonPath);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains(file, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Truncated_file_names_where_the_json_broke_and_nothing_listens()
    {
        var text = TestDump.Build(TestSandbox.Start).ToJsonString();
        var file = Path.Combine(Path.GetTempPath(), $"truncated-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, text[..(text.Length * 2 / 3)]);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        try
        {
            var error = await Assert.ThrowsAsync<MailboxDumpException>(() => TestSandbox.StartAsync(o =>
            {
                o.DumpPath = file;
                o.Urls = $"http://127.0.0.1:{port}";
            }));
            Assert.StartsWith("$.dm_events[", error.JsonPath, StringComparison.Ordinal);
            Assert.Contains("malformed or truncated JSON", error.Message, StringComparison.Ordinal);
            using var client = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Wrong_json_types_name_the_path()
    {
        var dump = TestDump.Build(TestSandbox.Start);
        dump["dm_events"]![4]!["participant_ids"] = 42;
        var error = Assert.Throws<MailboxDumpException>(() => MailboxDumpLoader.Load(System.Text.Encoding.UTF8.GetBytes(dump.ToJsonString()), "inline"));
        Assert.Equal("$.dm_events[4].participant_ids", error.JsonPath);
    }

    [Fact]
    public void Missing_file_is_a_clear_error() =>
        Assert.Contains("cannot read the file", Assert.Throws<MailboxDumpException>(() => MailboxDumpLoader.LoadFile("/nonexistent/dump.json")).Message, StringComparison.Ordinal);

    [Fact]
    public async Task Loaded_dump_signs_in_as_me_and_serves_following_with_followed_at()
    {
        var file = TestDump.Write(TestDump.Build(TestSandbox.Start));
        try
        {
            await using var sandbox = await TestSandbox.StartAsync(o => o.DumpPath = file);
            Assert.Equal([new SandboxAccount(TestDump.MeId, "test_me", "Test Me")], sandbox.Host.SignableAccounts);
            var truth = await sandbox.GetAsync($"_sandbox/users/{TestDump.MeId}/following", null);
            Assert.Equal([TestDump.BotId, TestDump.FriendId], truth.Body.GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(TestDump.Time(TestSandbox.Start.AddDays(-10)), truth.Body.GetProperty("following")[0].GetProperty("followed_at").GetString());
            Assert.Equal(JsonValueKind.Null, truth.Body.GetProperty("following")[1].GetProperty("followed_at").ValueKind);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Dev_mailbox_from_the_shared_corpus_loads_and_pages_completely_when_present()
    {
        if (CorpusLocator.Find() is not { } corpus)
        {
            return; // the shared corpus lives beside the repository; outside this machine there is nothing to load
        }

        var file = Path.Combine(corpus, "dev-mailbox.json");

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        var times = doc.RootElement.GetProperty("dm_events").EnumerateArray()
            .Select(e => DateTimeOffset.Parse(e.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture)).ToList();
        var now = times.Max().AddHours(1);
        var expected = times.Count(t => t >= now.AddDays(-30));

        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.DumpPath = file;
            o.RateLimitsEnabled = false;
        }, now);
        var me = doc.RootElement.GetProperty("me").GetProperty("id").GetString()!;
        var token = await sandbox.AccessTokenAsync(me);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? next = null;
        do
        {
            var page = await sandbox.GetAsync("2/dm_events?max_results=100" + (next is null ? string.Empty : "&pagination_token=" + next), token);
            foreach (var evt in page.Body.GetProperty("data").EnumerateArray())
            {
                Assert.True(seen.Add(evt.GetProperty("id").GetString()!));
            }

            next = page.Body.GetProperty("meta").TryGetProperty("next_token", out var t) ? t.GetString() : null;
        }
        while (next is not null);

        Assert.Equal(expected, seen.Count);
        Assert.True(expected > 100);
    }

    [Fact]
    public async Task A_follow_dated_after_the_clock_appears_newest_first_once_the_clock_reaches_it()
    {
        var dump = TestDump.Build(TestSandbox.Start);
        // The member is followed 30 min after the clock; at minute 29 the account unfollows and refollows the bot through
        // the API, so once visible the dumped follow must come before the bot: newest follow first, as X lists them.
        dump["following"]!.AsArray().Add(new JsonObject { ["user_id"] = TestDump.MemberId, ["followed_at"] = TestDump.Time(TestSandbox.Start.AddMinutes(30)) });
        var file = TestDump.Write(dump);
        try
        {
            await using var sandbox = await TestSandbox.StartAsync(o => o.DumpPath = file);
            var token = await sandbox.AccessTokenAsync(TestDump.MeId);
            async Task<List<string>> FollowingAsync() =>
                [.. (await sandbox.GetAsync($"2/users/{TestDump.MeId}/following?max_results=1000", token)).Body
                    .GetProperty("data").EnumerateArray().Select(u => u.GetProperty("id").GetString()!)];

            Assert.Equal([TestDump.BotId, TestDump.FriendId], await FollowingAsync());
            Assert.Equal([TestDump.BotId, TestDump.FriendId], [.. await sandbox.Admin.FollowingAsync(TestDump.MeId)]);

            sandbox.Clock.Advance(TimeSpan.FromMinutes(29));
            Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Delete, $"2/users/{TestDump.MeId}/following/{TestDump.BotId}", token)).Status);
            Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(HttpMethod.Post, $"2/users/{TestDump.MeId}/following", token, new { target_user_id = TestDump.BotId })).Status);
            Assert.Equal([TestDump.BotId, TestDump.FriendId], await FollowingAsync());

            sandbox.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal([TestDump.MemberId, TestDump.BotId, TestDump.FriendId], await FollowingAsync());
            var truth = await sandbox.GetAsync($"_sandbox/users/{TestDump.MeId}/following", null);
            Assert.Equal(TestDump.Time(TestSandbox.Start.AddMinutes(30)), truth.Body.GetProperty("following")[0].GetProperty("followed_at").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Rebase_moves_an_old_dump_to_the_sandbox_clock()
    {
        var file = TestDump.Write(TestDump.Build(TestSandbox.Start.AddDays(-90)));
        try
        {
            await using var sandbox = await TestSandbox.StartAsync(o =>
            {
                o.DumpPath = file;
                o.RebaseDumpToClock = true;
            });
            var token = await sandbox.AccessTokenAsync(TestDump.MeId);
            var page = await sandbox.GetAsync("2/dm_events?max_results=1&dm_event.fields=created_at", token);
            Assert.Equal(TestDump.Time(TestSandbox.Start.AddMinutes(-1)), page.Body.GetProperty("data")[0].GetProperty("created_at").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void Set(JsonObject dump, string path, string value)
    {
        JsonNode node = dump;
        var parts = path[2..].Replace("[", ".", StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal).Split('.');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            node = int.TryParse(parts[i], out var index) ? node[index]! : node[parts[i]]!;
        }

        node[parts[^1]] = value;
    }
}
