using System.Globalization;
using System.Text.Json;
using AutoDmGuard.Core;

namespace AutoDmGuard.Cli;

/// <summary>Reads and checks an `autodmguard-mailbox/1` dump; every problem is reported with its JSON path.</summary>
internal static class DumpReader
{
    public const string Format = "autodmguard-mailbox/1";

    public static Mailbox Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new DumpFormatException($"{path}: cannot read the file: {ex.Message}");
        }

        return Parse(bytes, path);
    }

    public static Mailbox Parse(ReadOnlySpan<byte> json, string source)
    {
        MailboxDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, DumpJsonContext.Default.MailboxDto);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } p ? p : "$";
            throw new DumpFormatException(
                string.Create(CultureInfo.InvariantCulture, $"{source}: {where}: malformed or truncated JSON (line {(ex.LineNumber ?? 0) + 1}, byte {ex.BytePositionInLine ?? 0})"));
        }

        if (dto is null)
        {
            throw new DumpFormatException($"{source}: $: expected a JSON object, found null");
        }

        return Convert(dto, source);
    }

    private static Mailbox Convert(MailboxDto dto, string source)
    {
        if (dto.Format is null)
        {
            Fail<string>("$.format", $"missing (expected \"{Format}\")");
        }
        else if (dto.Format != Format)
        {
            Fail<string>("$.format", $"unsupported format \"{dto.Format}\" (expected \"{Format}\")");
        }

        var me = dto.Me ?? throw new DumpFormatException($"{source}: $.me: missing");
        var meId = Required(me.Id, "$.me.id");
        var meUsername = Required(me.Username, "$.me.username");

        var users = new List<SenderProfile>();
        var userList = dto.Users ?? Fail<List<UserDto?>>("$.users", "missing");
        for (var i = 0; i < userList.Count; i++)
        {
            var at = $"$.users[{i}]";
            var u = userList[i] ?? Fail<UserDto>(at, "null user");
            users.Add(new SenderProfile(
                Required(u.Id, at + ".id"),
                Required(u.Username, at + ".username"),
                u.Name,
                u.Description,
                u.CreatedAt is null ? null : Time(u.CreatedAt, at + ".created_at"),
                u.Verified ?? false,
                u.PublicMetrics?.FollowersCount,
                u.PublicMetrics?.FollowingCount));
        }

        var followed = new Dictionary<string, DateTime?>(StringComparer.Ordinal);
        var following = dto.Following ?? [];
        for (var i = 0; i < following.Count; i++)
        {
            var at = $"$.following[{i}]";
            var f = following[i] ?? Fail<FollowingDto>(at, "null entry");
            followed[Required(f.UserId, at + ".user_id")] = f.FollowedAt is null ? null : Time(f.FollowedAt, at + ".followed_at");
        }

        var messages = new List<DmMessage>();
        var events = dto.DmEvents ?? Fail<List<DmEventDto?>>("$.dm_events", "missing");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            var at = $"$.dm_events[{i}]";
            var e = events[i] ?? Fail<DmEventDto>(at, "null event");
            var id = Required(e.Id, at + ".id");
            if (!ids.Add(id))
            {
                Fail<string>(at + ".id", $"duplicate event id {id}");
            }

            var type = Required(e.EventType, at + ".event_type");
            var created = Time(Required(e.CreatedAt, at + ".created_at"), at + ".created_at");
            if (type is "ParticipantsJoin" or "ParticipantsLeave")
            {
                continue;
            }

            if (type != "MessageCreate")
            {
                Fail<string>(at + ".event_type", $"unknown event type \"{type}\"");
            }

            messages.Add(new DmMessage(
                id,
                Required(e.DmConversationId, at + ".dm_conversation_id"),
                Required(e.SenderId, at + ".sender_id"),
                e.Text ?? Fail<string>(at + ".text", "missing"),
                created));
        }

        var context = new InboxContext(meId, meUsername, me.Name, followed, [], FeedbackSet.Empty);
        return new Mailbox(messages, users, context);

        T Fail<T>(string path, string what) => throw new DumpFormatException($"{source}: {path}: {what}");

        string Required(string? value, string path) =>
            string.IsNullOrEmpty(value) ? Fail<string>(path, "missing or empty") : value;

        DateTime Time(string value, string path) =>
            DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            && value.Length >= 10
                ? DateTime.SpecifyKind(t, DateTimeKind.Utc)
                : Fail<DateTime>(path, $"not an ISO 8601 UTC time: \"{value}\"");
    }
}
