using System.Globalization;
using System.Runtime.InteropServices;

namespace AutoDmGuard.MailboxDump;

/// <summary>
/// Reads and checks an <c>autodmguard-mailbox/1</c> dump. All or nothing: the first problem throws a
/// <see cref="MailboxDumpException"/> naming the file and the JSON path, and nothing is returned.
/// </summary>
public static class MailboxDumpReader
{
    /// <param name="path">The dump file.</param>
    /// <param name="texts">
    /// Where to keep the messages' texts instead of in strings (<see cref="DumpEvent.TextHandle"/>): for a caller that
    /// reads each text once, on a dump too large for every text to sit in the managed heap at once. The caller owns it.
    /// </param>
    public static MailboxDocument ReadFile(string path, Utf8TextStore? texts = null)
    {
        ArgumentNullException.ThrowIfNull(path);

        // The file's bytes live outside the GC heap and are freed as soon as they are parsed: a byte array of a 100 MB
        // dump would sit in the large-object heap, dead, until the next full collection, which a classify run may not
        // reach before its peak (peak RSS on a 100,000-DM dump of long texts).
        unsafe
        {
            byte* bytes = null;
            try
            {
                int length;
                try
                {
                    using var file = File.OpenHandle(path);
                    var size = RandomAccess.GetLength(file);
                    if (size > Array.MaxLength)
                    {
                        throw new IOException($"The file is {size:N0} bytes long; dumps up to {Array.MaxLength:N0} bytes are supported.");
                    }

                    length = (int)size;
                    bytes = (byte*)NativeMemory.Alloc((nuint)Math.Max(length, 1));
                    for (var read = 0; read < length;)
                    {
                        var n = RandomAccess.Read(file, new Span<byte>(bytes + read, length - read), read);
                        if (n == 0)
                        {
                            throw new IOException("The file became shorter while it was read.");
                        }

                        read += n;
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    throw new MailboxDumpException($"{path}: cannot read the file: {ex.Message}", null, ex);
                }

                return Parse(new ReadOnlySpan<byte>(bytes, length), path, texts);
            }
            finally
            {
                NativeMemory.Free(bytes);
            }
        }
    }

    /// <param name="json">The dump's UTF-8 bytes.</param>
    /// <param name="source">What error messages call the input (its file name).</param>
    /// <param name="texts">As for <see cref="ReadFile"/>.</param>
    public static MailboxDocument Parse(ReadOnlySpan<byte> json, string source, Utf8TextStore? texts = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var dto = DumpJsonParser.Parse(json, source, parseTimes: true, texts) ?? throw MailboxDumpException.At(source, "$", "expected a JSON object, found null");
        return new Validator(source).Check(dto);
    }

    // JSON paths are built only for an error message: a 100,000-DM dump would otherwise format one per element.
    private sealed class Validator(string source)
    {
        private const string Users = "users";
        private const string Following = "following";
        private const string Events = "dm_events";

        public MailboxDocument Check(MailboxDto dto)
        {
            if (dto.Format != MailboxFormat.Name)
            {
                throw Fail("$.format", dto.Format is null
                    ? $"missing (expected \"{MailboxFormat.Name}\")"
                    : $"unsupported format \"{dto.Format}\" (expected \"{MailboxFormat.Name}\")");
            }

            var me = User(dto.Me ?? throw Fail("$.me", "missing"), null, -1);
            var userList = dto.Users ?? throw Fail("$.users", "missing");
            var users = new List<DumpUser>(userList.Count);
            var known = new HashSet<string>(userList.Count + 1, StringComparer.Ordinal);
            for (var i = 0; i < userList.Count; i++)
            {
                var user = User(userList[i] ?? throw Fail(At(Users, i), "null user"), Users, i);
                if (!known.Add(user.Id))
                {
                    throw Fail(At(Users, i) + ".id", $"duplicate user id {user.Id}");
                }

                users.Add(user);
            }

            known.Add(me.Id);
            var followList = dto.Following ?? [];
            var following = new List<DumpFollow>(followList.Count);
            for (var i = 0; i < followList.Count; i++)
            {
                var f = followList[i] ?? throw Fail(At(Following, i), "null entry");
                var target = Id(f.UserId, Following, i, ".user_id");
                if (!known.Contains(target))
                {
                    throw Fail(At(Following, i) + ".user_id", $"user {target} is not in $.users");
                }

                following.Add(new DumpFollow(target, f.FollowedAt is null ? null : Time(f.FollowedAt, Following, i, ".followed_at")));
            }

            var eventList = dto.DmEvents ?? throw Fail("$.dm_events", "missing");
            var events = new ChunkedList<DumpEvent>();
            var ids = new HashSet<string>(eventList.Count, StringComparer.Ordinal);
            for (var i = 0; i < eventList.Count; i++)
            {
                var e = Event(eventList[i] ?? throw Fail(At(Events, i), "null event"), i, known);
                if (!ids.Add(e.Id))
                {
                    throw Fail(At(Events, i) + ".id", $"duplicate event id {e.Id}");
                }

                events.Add(e);
            }

            return new MailboxDocument(me, users, following, events);
        }

        private DumpEvent Event(DmEventDto dto, int i, HashSet<string> known)
        {
            var id = Id(dto.Id, Events, i, ".id");
            var type = dto.EventType switch
            {
                MailboxFormat.MessageCreate => MailboxFormat.MessageCreate,
                MailboxFormat.ParticipantsJoin => MailboxFormat.ParticipantsJoin,
                MailboxFormat.ParticipantsLeave => MailboxFormat.ParticipantsLeave,
                null => throw Fail(At(Events, i) + ".event_type", "missing"),
                _ => throw Fail(At(Events, i) + ".event_type", $"unknown event type {Show(dto.EventType)} (expected MessageCreate, ParticipantsJoin or ParticipantsLeave)"),
            };
            var created = dto.CreatedAtUtc
                ?? Time(dto.CreatedAt ?? throw Fail(At(Events, i) + ".created_at", "missing"), Events, i, ".created_at");
            var conversation = dto.DmConversationId;
            var oneToOne = conversation is not null && conversation.IndexOf('-', StringComparison.Ordinal) is var dash and > 0
                && IsId(conversation.AsSpan(0, dash)) && IsId(conversation.AsSpan(dash + 1));
            if (conversation is null || (!oneToOne && !IsId(conversation)))
            {
                throw Fail(At(Events, i) + ".dm_conversation_id", $"expected a one-to-one id \"a-b\" or a group's decimal id, found {Show(conversation)}");
            }

            var isMessage = ReferenceEquals(type, MailboxFormat.MessageCreate);
            string? sender = null;
            if (dto.SenderId is not null || isMessage)
            {
                sender = Id(dto.SenderId, Events, i, ".sender_id");
                if (!known.Contains(sender))
                {
                    throw Fail(At(Events, i) + ".sender_id", $"user {sender} is not in $.users");
                }

                if (oneToOne && !IsParticipant(conversation, sender))
                {
                    throw Fail(At(Events, i) + ".dm_conversation_id", $"one-to-one conversation {conversation} does not contain sender {sender}");
                }
            }

            if (isMessage && dto.Text is null && dto.TextHandle < 0)
            {
                throw Fail(At(Events, i) + ".text", "missing (required for MessageCreate)");
            }

            List<string>? participants = null;
            if (!isMessage)
            {
                if (dto.ParticipantIds is not { Count: > 0 } given)
                {
                    throw Fail(At(Events, i) + ".participant_ids", $"missing (required for {type})");
                }

                participants = new List<string>(given.Count);
                for (var j = 0; j < given.Count; j++)
                {
                    participants.Add(Id(given[j], Events, i, string.Create(CultureInfo.InvariantCulture, $".participant_ids[{j}]")));
                }
            }

            return new DumpEvent(id, type, conversation, created, sender, dto.Text, participants) { TextHandle = dto.TextHandle };
        }

        private DumpUser User(UserDto dto, string? array, int i)
        {
            var at = array is null ? "$.me" : At(array, i);
            var id = dto.Id is { } raw && IsId(raw) ? raw : throw Fail(at + ".id", $"expected a decimal id string of 1-19 digits, found {Show(dto.Id)}");
            if (string.IsNullOrWhiteSpace(dto.Username))
            {
                throw Fail(at + ".username", "missing or empty");
            }

            DateTime? created = null;
            if (dto.CreatedAt is not null)
            {
                created = TryTime(dto.CreatedAt, out var t) ? t : throw Fail(at + ".created_at", TimeProblem(dto.CreatedAt));
            }

            return new DumpUser(id, dto.Username, dto.Name, dto.Description, created, dto.Verified ?? false, dto.Protected ?? false,
                dto.Url, dto.Location, dto.PublicMetrics);
        }

        private string Id(string? value, string array, int i, string field) =>
            value is not null && IsId(value) ? value : throw Fail(At(array, i) + field, $"expected a decimal id string of 1-19 digits, found {Show(value)}");

        private DateTime Time(string value, string array, int i, string field) =>
            TryTime(value, out var t) ? t : throw Fail(At(array, i) + field, TimeProblem(value));

        private MailboxDumpException Fail(string path, string problem) => MailboxDumpException.At(source, path, problem);
    }

    /// <summary>Ids are decimal strings (FORMAT.md) that fit X's 64-bit snowflakes.</summary>
    internal static bool IsId(ReadOnlySpan<char> value)
    {
        if (value.Length is 0 or > 19)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>
    /// FORMAT.md's times: ISO 8601 in UTC ("Z"). What the X API writes ("2026-10-03T09:15:02.000Z") is parsed exactly
    /// first, several times cheaper than the general parser the other spellings fall back to.
    /// </summary>
    internal static bool TryTime(string value, out DateTime utc)
    {
        if (DateTime.TryParseExact(value, XTimeFormat, CultureInfo.InvariantCulture, Styles, out utc)
            || (value.Length >= 11 && value[^1] == 'Z' && DateTime.TryParse(value, CultureInfo.InvariantCulture, Styles, out utc)))
        {
            utc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
            return true;
        }

        return false;
    }

    /// <summary>
    /// <see cref="TryTime(string, out DateTime)"/> for the X API's exact spelling ("2026-10-03T09:15:02.000Z") read from
    /// UTF-8 bytes, without a string: the same time wherever this returns true. False for anything else (another
    /// spelling or an impossible date), which the caller then reads as a string, so every other case and every error
    /// message stays that of the string path.
    /// </summary>
    internal static bool TryXTime(ReadOnlySpan<byte> utf8, out DateTime utc)
    {
        utc = default;
        if (utf8.Length != 24 || utf8[4] != '-' || utf8[7] != '-' || utf8[10] != 'T' || utf8[13] != ':' || utf8[16] != ':'
            || utf8[19] != '.' || utf8[23] != 'Z')
        {
            return false;
        }

        if (!Digits(utf8[..4], out var year) || !Digits(utf8.Slice(5, 2), out var month) || !Digits(utf8.Slice(8, 2), out var day)
            || !Digits(utf8.Slice(11, 2), out var hour) || !Digits(utf8.Slice(14, 2), out var minute)
            || !Digits(utf8.Slice(17, 2), out var second) || !Digits(utf8.Slice(20, 3), out var millisecond))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        utc = new DateTime(year, month, day, hour, minute, second, millisecond, DateTimeKind.Utc);
        return true;

        static bool Digits(ReadOnlySpan<byte> span, out int value)
        {
            value = 0;
            foreach (var b in span)
            {
                if (b is < (byte)'0' or > (byte)'9')
                {
                    return false;
                }

                value = (value * 10) + (b - '0');
            }

            return true;
        }
    }

    private const string XTimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";
    private const DateTimeStyles Styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;

    private static string TimeProblem(string value) => $"not an ISO 8601 UTC time like 2026-10-03T09:15:02.000Z: {Show(value)}";

    private static bool IsParticipant(string conversation, string sender)
    {
        var dash = conversation.IndexOf('-', StringComparison.Ordinal);
        return conversation.AsSpan(0, dash).SequenceEqual(sender) || conversation.AsSpan(dash + 1).SequenceEqual(sender);
    }

    private static string Show(string? value) => value is null ? "nothing" : $"\"{(value.Length > 40 ? value[..40] + "..." : value)}\"";

    private static string At(string array, int index) => string.Create(CultureInfo.InvariantCulture, $"$.{array}[{index}]");
}
