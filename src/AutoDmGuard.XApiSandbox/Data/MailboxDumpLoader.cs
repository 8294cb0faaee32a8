using System.Text.Json;
using System.Text.RegularExpressions;

namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// Loads a FORMAT.md mailbox dump into a new <see cref="WorldData"/>. All-or-nothing: the first problem throws a
/// <see cref="SandboxDataException"/> naming its JSON path, and nothing is kept.
/// </summary>
internal static partial class MailboxDumpLoader
{
    public const string Format = "autodmguard-mailbox/1";

    public static WorldData LoadFile(string path, DateTime? rebaseTo = null)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SandboxDataException($"Mailbox dump '{path}' cannot be read: {ex.Message}", null, ex);
        }

        return Load(bytes, path, rebaseTo);
    }

    public static WorldData Load(ReadOnlySpan<byte> json, string source, DateTime? rebaseTo = null)
    {
        MailboxDumpDto? dump;
        try
        {
            dump = JsonSerializer.Deserialize<MailboxDumpDto>(json);
        }
        catch (JsonException ex)
        {
            var where = ex.Path ?? "$";
            throw new SandboxDataException(
                $"Mailbox dump '{source}' is not valid JSON at {where} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}): {ex.Message}", where, ex);
        }

        return new Validator(source).Build(dump ?? throw Fail(source, "$", "the document is empty (null)"), rebaseTo);
    }

    private static SandboxDataException Fail(string source, string path, string problem) =>
        new($"Mailbox dump '{source}' is invalid at {path}: {problem}", path);

    [GeneratedRegex("^[0-9]{1,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^([0-9]{1,19}-[0-9]{1,19}|[0-9]{15,19})$", RegexOptions.CultureInvariant)]
    private static partial Regex ConversationPattern();

    private sealed class Validator(string source)
    {
        public WorldData Build(MailboxDumpDto dump, DateTime? rebaseTo)
        {
            if (dump.Format != Format)
            {
                throw Fail(source, "$.format", $"expected \"{Format}\", found {(dump.Format is null ? "nothing" : $"\"{dump.Format}\"")}");
            }

            var me = User(dump.Me ?? throw Fail(source, "$.me", "missing"), "$.me");
            var users = new Dictionary<string, SandboxUser>(StringComparer.Ordinal);
            var order = new List<SandboxUser>();
            for (var i = 0; i < (dump.Users ?? []).Count; i++)
            {
                var path = $"$.users[{i}]";
                var user = User(dump.Users![i] ?? throw Fail(source, path, "null user"), path);
                if (!users.TryAdd(user.Id, user))
                {
                    throw Fail(source, path + ".id", $"duplicate user id {user.Id}");
                }

                order.Add(user);
            }

            if (!users.ContainsKey(me.Id))
            {
                users[me.Id] = me;
                order.Insert(0, me);
            }

            var following = new List<(string, DateTime?)>();
            for (var i = 0; i < (dump.Following ?? []).Count; i++)
            {
                var path = $"$.following[{i}]";
                var follow = dump.Following![i] ?? throw Fail(source, path, "null entry");
                var target = Id(follow.UserId, path + ".user_id");
                if (!users.ContainsKey(target))
                {
                    throw Fail(source, path + ".user_id", $"user {target} is not in $.users");
                }

                following.Add((target, follow.FollowedAt is null ? null : Time(follow.FollowedAt, path + ".followed_at")));
            }

            var events = new List<DmEvent>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < (dump.DmEvents ?? []).Count; i++)
            {
                var evt = Event(dump.DmEvents![i], $"$.dm_events[{i}]", users);
                if (!ids.Add(evt.Id))
                {
                    throw Fail(source, $"$.dm_events[{i}].id", $"duplicate event id {evt.Id}");
                }

                events.Add(evt);
            }

            if (rebaseTo is { } now && events.Count > 0)
            {
                var shift = now - events.Max(e => e.CreatedAt) - TimeSpan.FromMinutes(1);
                shift = TimeSpan.FromMilliseconds(Math.Floor(shift.TotalMilliseconds));
                events = [.. events.Select(e => e with { CreatedAt = e.CreatedAt + shift })];
                following = [.. following.Select(f => (f.Item1, f.Item2 + shift))];
            }

            return new WorldData(order, [new SandboxAccount(me.Id, me.Username, me.Name)], events,
                new Dictionary<string, IReadOnlyList<(string, DateTime?)>>(StringComparer.Ordinal) { [me.Id] = following });
        }

        private DmEvent Event(DumpEventDto? dto, string path, Dictionary<string, SandboxUser> users)
        {
            if (dto is null)
            {
                throw Fail(source, path, "null event");
            }

            var id = Id(dto.Id, path + ".id");
            var type = dto.EventType;
            if (type is not (DmEvent.MessageCreate or DmEvent.ParticipantsJoin or DmEvent.ParticipantsLeave))
            {
                throw Fail(source, path + ".event_type", $"expected MessageCreate, ParticipantsJoin or ParticipantsLeave, found {Show(type)}");
            }

            if (dto.CreatedAt is null)
            {
                throw Fail(source, path + ".created_at", "missing");
            }

            var createdAt = Time(dto.CreatedAt, path + ".created_at");
            var conversation = dto.DmConversationId;
            if (conversation is null || !ConversationPattern().IsMatch(conversation))
            {
                throw Fail(source, path + ".dm_conversation_id", $"expected a one-to-one id 'a-b' or a 15-19 digit group id, found {Show(conversation)}");
            }

            string? sender = null;
            if (dto.SenderId is not null || type == DmEvent.MessageCreate)
            {
                sender = Id(dto.SenderId, path + ".sender_id");
                if (!users.ContainsKey(sender))
                {
                    throw Fail(source, path + ".sender_id", $"user {sender} is not in $.users");
                }

                if (conversation.Contains('-', StringComparison.Ordinal) && !conversation.Split('-').Contains(sender, StringComparer.Ordinal))
                {
                    throw Fail(source, path + ".dm_conversation_id", $"one-to-one conversation {conversation} does not contain sender {sender}");
                }
            }

            if (type == DmEvent.MessageCreate && dto.Text is null)
            {
                throw Fail(source, path + ".text", "missing (required for MessageCreate)");
            }

            List<string>? participants = null;
            if (type != DmEvent.MessageCreate)
            {
                if (dto.ParticipantIds is not { Count: > 0 })
                {
                    throw Fail(source, path + ".participant_ids", $"missing (required for {type})");
                }

                participants = [.. dto.ParticipantIds.Select((p, j) => Id(p, $"{path}.participant_ids[{j}]"))];
            }

            return new DmEvent(id, type, conversation, createdAt, sender, dto.Text, participants);
        }

        private SandboxUser User(DumpUserDto dto, string path)
        {
            var id = Id(dto.Id, path + ".id");
            if (string.IsNullOrWhiteSpace(dto.Username))
            {
                throw Fail(source, path + ".username", "missing");
            }

            var m = dto.PublicMetrics;
            return new SandboxUser(id, dto.Username, dto.Name ?? dto.Username)
            {
                Description = dto.Description,
                CreatedAt = dto.CreatedAt is null ? null : Time(dto.CreatedAt, path + ".created_at"),
                Verified = dto.Verified ?? false,
                Protected = dto.Protected ?? false,
                Url = dto.Url,
                Location = dto.Location,
                PublicMetrics = m is null ? null : new UserMetrics(m.FollowersCount, m.FollowingCount, m.TweetCount, m.ListedCount, m.LikeCount),
            };
        }

        private string Id(string? value, string path) =>
            value is not null && IdPattern().IsMatch(value) && ulong.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _)
                ? value
                : throw Fail(source, path, $"expected a decimal id string of 1-19 digits, found {Show(value)}");

        private DateTime Time(string value, string path) =>
            XJson.TryParseTime(value, out var time)
                ? time
                : throw Fail(source, path, $"expected an ISO 8601 UTC time like 2026-10-03T09:15:02.000Z, found {Show(value)}");

        private static string Show(string? value) => value is null ? "nothing" : $"\"{(value.Length > 40 ? value[..40] + "..." : value)}\"";
    }
}
