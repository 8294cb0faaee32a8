using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AutoDmGuard.XApiSandbox.Tests.Support;

/// <summary>A small FORMAT.md dump built in the test, so expected results are known independently of the sandbox.</summary>
public static class TestDump
{
    public const string MeId = "100";
    public const string FriendId = "200";
    public const string BotId = "300";
    public const string MemberId = "400";
    public const string GroupId = "1900000000000000001";

    public static string Id(DateTimeOffset at, int seq) =>
        ((ulong)((at.ToUnixTimeMilliseconds() - 1288834974657L) << 22) | (uint)seq).ToString(CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// 40 messages from the friend, 13 from the bot, 7 replies by me (60 one-to-one), a group with a join and a
    /// leave, and one message 31 days old that the 30-day window must hide.
    /// </summary>
    public static JsonObject Build(DateTimeOffset now)
    {
        var events = new JsonArray();
        var seq = 0;
        void Add(string sender, string conversation, DateTimeOffset at, string text) => events.Add(new JsonObject
        {
            ["id"] = Id(at, seq++), ["event_type"] = "MessageCreate", ["text"] = text, ["sender_id"] = sender,
            ["dm_conversation_id"] = conversation, ["created_at"] = Time(at),
        });

        for (var i = 0; i < 60; i++)
        {
            var at = now.AddMinutes(-37 * (i + 1));
            var (sender, conversation) = (i % 9) switch
            {
                0 => (MeId, $"{MeId}-{FriendId}"),
                1 or 5 => (BotId, $"{MeId}-{BotId}"),
                _ => (FriendId, $"{MeId}-{FriendId}"),
            };
            Add(sender, conversation, at, $"message {i} from {sender} https://t.co/x{i}");
        }

        // Two events in the same millisecond: order then falls back to the id.
        var tie = now.AddMinutes(-5000);
        Add(FriendId, $"{MeId}-{FriendId}", tie, "tie a");
        Add(FriendId, $"{MeId}-{FriendId}", tie, "tie b");
        var groupStart = now.AddDays(-3);
        events.Add(new JsonObject
        {
            ["id"] = Id(groupStart, seq++), ["event_type"] = "ParticipantsJoin", ["sender_id"] = FriendId,
            ["participant_ids"] = new JsonArray(MeId, MemberId), ["dm_conversation_id"] = GroupId, ["created_at"] = Time(groupStart),
        });
        Add(MemberId, GroupId, groupStart.AddMinutes(1), "hello group");
        events.Add(new JsonObject
        {
            ["id"] = Id(groupStart.AddMinutes(2), seq++), ["event_type"] = "ParticipantsLeave",
            ["participant_ids"] = new JsonArray(MemberId), ["dm_conversation_id"] = GroupId, ["created_at"] = Time(groupStart.AddMinutes(2)),
        });
        Add(FriendId, $"{MeId}-{FriendId}", now.AddDays(-31), "too old to be seen");

        return new JsonObject
        {
            ["format"] = "autodmguard-mailbox/1",
            ["me"] = new JsonObject { ["id"] = MeId, ["username"] = "test_me", ["name"] = "Test Me" },
            ["users"] = new JsonArray(
                User(MeId, "test_me", "Test Me"), User(FriendId, "friend", "A Friend"), User(BotId, "growth_bot", "Growth Bot"),
                User(MemberId, "member", "Group Member")),
            ["following"] = new JsonArray(
                new JsonObject { ["user_id"] = FriendId, ["followed_at"] = null },
                new JsonObject { ["user_id"] = BotId, ["followed_at"] = Time(now.AddDays(-10)) }),
            ["dm_events"] = events,
        };
    }

    /// <summary>Events the sandbox should return (30-day window, not in the future), newest first by (time, id).</summary>
    public static List<JsonObject> Visible(JsonObject dump, DateTimeOffset now) =>
        [.. dump["dm_events"]!.AsArray().Select(e => e!.AsObject())
            .Where(e => DateTimeOffset.Parse(e["created_at"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= now.AddDays(-30))
            .OrderByDescending(e => DateTimeOffset.Parse(e["created_at"]!.GetValue<string>(), CultureInfo.InvariantCulture))
            .ThenByDescending(e => ulong.Parse(e["id"]!.GetValue<string>(), CultureInfo.InvariantCulture))];

    public static string Write(JsonObject dump)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sandbox-dump-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, dump.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private static JsonObject User(string id, string username, string name) => new()
    {
        ["id"] = id, ["username"] = username, ["name"] = name, ["created_at"] = "2015-01-02T03:04:05.000Z",
        ["description"] = $"bio of {username}", ["verified"] = false, ["protected"] = false,
        ["public_metrics"] = new JsonObject { ["followers_count"] = 10, ["following_count"] = 20, ["tweet_count"] = 30, ["listed_count"] = 1 },
    };
}
