using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutoDmGuard.XApiSandbox.Tests.Support;

namespace AutoDmGuard.XApiSandbox.Tests;

public sealed partial class DmLookupTests : IAsyncLifetime
{
    private readonly JsonObject _dump = TestDump.Build(TestSandbox.Start);
    private TestSandbox _sandbox = null!;
    private string _token = null!;
    private string _dumpPath = null!;

    public async Task InitializeAsync()
    {
        _dumpPath = TestDump.Write(_dump);
        _sandbox = await TestSandbox.StartAsync(o =>
        {
            o.DumpPath = _dumpPath;
            o.RateLimitsEnabled = false;
        });
        _token = await _sandbox.AccessTokenAsync(TestDump.MeId);
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        File.Delete(_dumpPath);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(1)]
    [InlineData(100)]
    public async Task Pagination_walk_returns_every_visible_event_once_newest_first(int pageSize)
    {
        var expected = TestDump.Visible(_dump, TestSandbox.Start).Select(e => e["id"]!.GetValue<string>()).ToList();

        var (ids, pages) = await WalkAsync($"2/dm_events?max_results={pageSize}");

        Assert.Equal(expected, ids);
        Assert.Equal((expected.Count + pageSize - 1) / pageSize, pages);
        Assert.DoesNotContain(_dump["dm_events"]!.AsArray(), e => e!["text"]?.GetValue<string>() == "too old to be seen" && ids.Contains(e["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_walk_stays_exact_while_new_dms_arrive()
    {
        var expected = TestDump.Visible(_dump, TestSandbox.Start).Select(e => e["id"]!.GetValue<string>()).ToList();
        var first = await _sandbox.GetAsync("2/dm_events?max_results=10", _token);
        var ids = Ids(first.Body);
        var next = first.Body.GetProperty("meta").GetProperty("next_token").GetString();

        var sent = await _sandbox.Admin.SimulateAsync("friend-dm", TestDump.MeId);
        while (next is not null)
        {
            var page = await _sandbox.GetAsync($"2/dm_events?max_results=10&pagination_token={next}", _token);
            ids.AddRange(Ids(page.Body));
            next = page.Body.GetProperty("meta").TryGetProperty("next_token", out var token) ? token.GetString() : null;
        }

        Assert.Equal(expected, ids);
        var newest = await _sandbox.GetAsync("2/dm_events?max_results=1", _token);
        Assert.Equal(sent.GetProperty("dm_event").GetProperty("id").GetString(), Ids(newest.Body).Single());
    }

    [Fact]
    public async Task Default_page_size_is_100()
    {
        var response = await _sandbox.GetAsync("2/dm_events", _token);
        Assert.Equal(Math.Min(100, TestDump.Visible(_dump, TestSandbox.Start).Count), response.Body.GetProperty("meta").GetProperty("result_count").GetInt32());
        Assert.Equal(TestDump.Visible(_dump, TestSandbox.Start).Count, response.Body.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Previous_token_leads_back_to_the_page_before()
    {
        var first = await _sandbox.GetAsync("2/dm_events?max_results=10", _token);
        Assert.False(first.Body.GetProperty("meta").TryGetProperty("previous_token", out _));
        var second = await _sandbox.GetAsync($"2/dm_events?max_results=10&pagination_token={first.Body.GetProperty("meta").GetProperty("next_token").GetString()}", _token);
        var previous = second.Body.GetProperty("meta").GetProperty("previous_token").GetString();

        var back = await _sandbox.GetAsync($"2/dm_events?max_results=10&pagination_token={previous}", _token);

        Assert.Equal(Ids(first.Body), Ids(back.Body));
        Assert.False(back.Body.GetProperty("meta").TryGetProperty("previous_token", out _));
        Assert.True(Convert.FromHexString(previous!).Length >= 8 && previous!.Length >= 16);
    }

    [Fact]
    public async Task Without_dm_event_fields_only_the_default_fields_are_returned()
    {
        var response = await _sandbox.GetAsync("2/dm_events?max_results=100", _token);

        foreach (var evt in response.Body.GetProperty("data").EnumerateArray())
        {
            var names = evt.EnumerateObject().Select(p => p.Name).ToList();
            var expected = evt.GetProperty("event_type").GetString() == "MessageCreate"
                ? new[] { "id", "event_type", "text" }
                : new[] { "id", "event_type", "participant_ids" };
            Assert.Equal(expected, names);
        }

        Assert.Contains(response.Body.GetProperty("data").EnumerateArray(), e => e.GetProperty("event_type").GetString() == "ParticipantsLeave");
    }

    [Fact]
    public async Task Requested_fields_are_added_with_x_formats()
    {
        var response = await _sandbox.GetAsync("2/dm_events?max_results=100&dm_event.fields=sender_id,created_at,dm_conversation_id,entities", _token);
        var source = _dump["dm_events"]!.AsArray().ToDictionary(e => e!["id"]!.GetValue<string>(), e => e!.AsObject());

        foreach (var evt in response.Body.GetProperty("data").EnumerateArray())
        {
            var original = source[evt.GetProperty("id").GetString()!];
            Assert.Equal(original["created_at"]!.GetValue<string>(), evt.GetProperty("created_at").GetString());
            Assert.Matches(TimePattern(), evt.GetProperty("created_at").GetString());
            Assert.Equal(original["dm_conversation_id"]!.GetValue<string>(), evt.GetProperty("dm_conversation_id").GetString());
            Assert.Equal(original["sender_id"]?.GetValue<string>(), evt.TryGetProperty("sender_id", out var s) ? s.GetString() : null);
            if (original["text"]?.GetValue<string>() is { } text && text.Contains("https://", StringComparison.Ordinal))
            {
                var url = evt.GetProperty("entities").GetProperty("urls")[0];
                Assert.Equal(text.Substring(url.GetProperty("start").GetInt32(), url.GetProperty("end").GetInt32() - url.GetProperty("start").GetInt32()), url.GetProperty("url").GetString());
            }
        }
    }

    [Fact]
    public async Task Expansions_put_senders_and_participants_in_includes_users_with_user_fields()
    {
        var response = await _sandbox.GetAsync("2/dm_events?expansions=sender_id,participant_ids&user.fields=description,public_metrics&tweet.fields=id&post.fields=text", _token);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var users = response.Body.GetProperty("includes").GetProperty("users").EnumerateArray().ToList();
        Assert.Equal([TestDump.MeId, TestDump.FriendId, TestDump.BotId, TestDump.MemberId], users.Select(u => u.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(users, u => Assert.Equal($"bio of {u.GetProperty("username").GetString()}", u.GetProperty("description").GetString()));
        Assert.All(users, u => Assert.Equal(10, u.GetProperty("public_metrics").GetProperty("followers_count").GetInt32()));
    }

    [Theory]
    [InlineData("max_results=0", "max_results")]
    [InlineData("max_results=101", "max_results")]
    [InlineData("max_results=ten", "max_results")]
    [InlineData("dm_event.fields=id,colour", "dm_event.fields")]
    [InlineData("event_types=MessageDelete", "event_types")]
    [InlineData("pagination_token=not-a-token-at-all", "pagination_token")]
    [InlineData("since_id=1", "since_id")]
    public async Task Invalid_parameters_get_an_invalid_request_problem(string query, string parameter)
    {
        var response = await _sandbox.GetAsync("2/dm_events?" + query, _token);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("https://api.twitter.com/2/problems/invalid-request", response.Body.GetProperty("type").GetString());
        Assert.Equal("Invalid Request", response.Body.GetProperty("title").GetString());
        Assert.True(response.Body.GetProperty("errors")[0].GetProperty("parameters").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task Event_types_filter_the_events()
    {
        var response = await _sandbox.GetAsync("2/dm_events?event_types=ParticipantsJoin,ParticipantsLeave", _token);
        Assert.Equal(["ParticipantsLeave", "ParticipantsJoin"], response.Body.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("event_type").GetString()));
    }

    [Fact]
    public async Task Conversation_with_participant_returns_only_that_conversation()
    {
        var expected = TestDump.Visible(_dump, TestSandbox.Start)
            .Where(e => e["dm_conversation_id"]!.GetValue<string>() == $"{TestDump.MeId}-{TestDump.BotId}")
            .Select(e => e["id"]!.GetValue<string>()).ToList();

        var (ids, _) = await WalkAsync($"2/dm_conversations/with/{TestDump.BotId}/dm_events?max_results=5");

        Assert.NotEmpty(expected);
        Assert.Equal(expected, ids);
    }

    [Fact]
    public async Task Conversation_by_id_serves_group_conversations_to_members_only()
    {
        var (ids, _) = await WalkAsync($"2/dm_conversations/{TestDump.GroupId}/dm_events?max_results=2");
        Assert.Equal(3, ids.Count);

        var outsider = await _sandbox.GetAsync($"2/dm_conversations/{TestDump.BotId}-{TestDump.FriendId}/dm_events", _token);
        Assert.Equal(HttpStatusCode.OK, outsider.Status);
        Assert.Equal(0, outsider.Body.GetProperty("meta").GetProperty("result_count").GetInt32());
        Assert.False(outsider.Body.TryGetProperty("data", out _));
    }

    [Theory]
    [InlineData("2/dm_conversations/with/abc/dm_events", HttpStatusCode.BadRequest)]
    [InlineData("2/dm_conversations/with/999999/dm_events", HttpStatusCode.NotFound)]
    [InlineData("2/dm_conversations/12-x/dm_events", HttpStatusCode.BadRequest)]
    public async Task Bad_path_ids_are_rejected(string path, HttpStatusCode status)
    {
        var response = await _sandbox.GetAsync(path, _token);
        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        if (status == HttpStatusCode.NotFound)
        {
            Assert.EndsWith("/resource-not-found", response.Body.GetProperty("type").GetString(), StringComparison.Ordinal);
            Assert.Equal("999999", response.Body.GetProperty("resource_id").GetString());
        }
    }

    [Fact]
    public async Task The_30_day_window_moves_with_the_sandbox_clock()
    {
        var before = (await WalkAsync("2/dm_events")).Ids.Count;
        _sandbox.Clock.Advance(TimeSpan.FromDays(27));
        _token = await _sandbox.AccessTokenAsync(TestDump.MeId);

        var oldest = TestDump.Visible(_dump, TestSandbox.Start).Count(e =>
            DateTimeOffset.Parse(e["created_at"]!.GetValue<string>(), CultureInfo.InvariantCulture) < TestSandbox.Start.AddDays(27 - 30));
        var after = (await WalkAsync("2/dm_events")).Ids.Count;

        Assert.True(oldest > 0);
        Assert.Equal(before - oldest, after);
    }

    private async Task<(List<string> Ids, int Pages)> WalkAsync(string path)
    {
        var ids = new List<string>();
        var pages = 0;
        string? next = null;
        do
        {
            var response = await _sandbox.GetAsync(path + (next is null ? string.Empty : (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "pagination_token=" + next), _token);
            Assert.Equal(HttpStatusCode.OK, response.Status);
            pages++;
            var pageIds = Ids(response.Body);
            Assert.Equal(pageIds.Count, response.Body.GetProperty("meta").GetProperty("result_count").GetInt32());
            ids.AddRange(pageIds);
            next = response.Body.GetProperty("meta").TryGetProperty("next_token", out var token) ? token.GetString() : null;
        }
        while (next is not null && pages < 1000);

        return (ids, pages);
    }

    private static List<string> Ids(JsonElement body) =>
        body.TryGetProperty("data", out var data) ? [.. data.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)] : [];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex TimePattern();
}
