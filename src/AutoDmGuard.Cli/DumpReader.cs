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
        var dto = DumpJsonParser.Parse(json, source);
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

        // JSON paths are built only for an error message: a 100,000-DM dump would otherwise format one per event.
        var userList = dto.Users ?? Fail<List<UserDto?>>("$.users", "missing");
        var users = new List<SenderProfile>(userList.Count);
        for (var i = 0; i < userList.Count; i++)
        {
            var u = userList[i] ?? Fail<UserDto>(At("users", i), "null user");
            users.Add(new SenderProfile(
                RequiredIn(u.Id, "users", i, ".id"),
                RequiredIn(u.Username, "users", i, ".username"),
                u.Name,
                u.Description,
                u.CreatedAt is null ? null : Time(u.CreatedAt, "users", i, ".created_at"),
                u.Verified ?? false,
                u.PublicMetrics?.FollowersCount,
                u.PublicMetrics?.FollowingCount));
        }

        var followed = new Dictionary<string, DateTime?>(StringComparer.Ordinal);
        var following = dto.Following ?? [];
        for (var i = 0; i < following.Count; i++)
        {
            var f = following[i] ?? Fail<FollowingDto>(At("following", i), "null entry");
            followed[RequiredIn(f.UserId, "following", i, ".user_id")] = f.FollowedAt is null ? null : Time(f.FollowedAt, "following", i, ".followed_at");
        }

        var events = dto.DmEvents ?? Fail<List<DmEventDto?>>("$.dm_events", "missing");
        var messages = new List<DmMessage>(events.Count);
        var ids = new HashSet<string>(events.Count, StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            const string Events = "dm_events";
            var e = events[i] ?? Fail<DmEventDto>(At(Events, i), "null event");
            var id = RequiredIn(e.Id, Events, i, ".id");
            if (!ids.Add(id))
            {
                Fail<string>(At(Events, i) + ".id", $"duplicate event id {id}");
            }

            var type = RequiredIn(e.EventType, Events, i, ".event_type");
            var created = Time(RequiredIn(e.CreatedAt, Events, i, ".created_at"), Events, i, ".created_at");
            if (type is "ParticipantsJoin" or "ParticipantsLeave")
            {
                continue;
            }

            if (type != "MessageCreate")
            {
                Fail<string>(At(Events, i) + ".event_type", $"unknown event type \"{type}\"");
            }

            messages.Add(new DmMessage(
                id,
                RequiredIn(e.DmConversationId, Events, i, ".dm_conversation_id"),
                RequiredIn(e.SenderId, Events, i, ".sender_id"),
                e.Text ?? Fail<string>(At(Events, i) + ".text", "missing"),
                created));
        }

        var context = new InboxContext(meId, meUsername, me.Name, followed, [], FeedbackSet.Empty);
        return new Mailbox(messages, users, context);

        T Fail<T>(string path, string what) => throw new DumpFormatException($"{source}: {path}: {what}");

        string Required(string? value, string path) =>
            string.IsNullOrEmpty(value) ? Fail<string>(path, "missing or empty") : value;

        string RequiredIn(string? value, string array, int i, string field) =>
            string.IsNullOrEmpty(value) ? Fail<string>(At(array, i) + field, "missing or empty") : value;

        DateTime Time(string value, string array, int i, string field) =>
            (DateTime.TryParseExact(value, XTimeFormat, CultureInfo.InvariantCulture, Styles, out var t)
                || (DateTime.TryParse(value, CultureInfo.InvariantCulture, Styles, out t) && value.Length >= 10))
                ? DateTime.SpecifyKind(t, DateTimeKind.Utc)
                : Fail<DateTime>(At(array, i) + field, $"not an ISO 8601 UTC time: \"{value}\"");
    }

    // What the X API writes ("2026-10-03T09:15:02.000Z"): parsed exactly first, which is several times cheaper than
    // the general parser the other ISO 8601 spellings fall back to (both give the same UTC instant).
    private const string XTimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";
    private const DateTimeStyles Styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;

    private static string At(string array, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"$.{array}[{index}]");
}
