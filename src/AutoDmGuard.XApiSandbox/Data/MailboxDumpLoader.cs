using AutoDmGuard.MailboxDump;

namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// Loads a FORMAT.md mailbox dump into a new <see cref="WorldData"/>. <see cref="MailboxDumpReader"/> checks it all
/// or nothing (the first problem throws a <see cref="MailboxDumpException"/> naming its JSON path); this maps the
/// checked document to the sandbox's world and can move its times to the sandbox clock.
/// </summary>
internal static class MailboxDumpLoader
{
    public static WorldData LoadFile(string path, DateTime? rebaseTo = null) => ToWorld(MailboxDumpReader.ReadFile(path), rebaseTo);

    public static WorldData Load(ReadOnlySpan<byte> json, string source, DateTime? rebaseTo = null) =>
        ToWorld(MailboxDumpReader.Parse(json, source), rebaseTo);

    private static WorldData ToWorld(MailboxDocument dump, DateTime? rebaseTo)
    {
        var me = User(dump.Me);
        var order = new List<SandboxUser>(dump.Users.Count + 1);
        order.AddRange(dump.Users.Select(User));
        if (!order.Exists(u => u.Id == me.Id))
        {
            order.Insert(0, me);
        }

        var following = dump.Following.Select(f => (f.UserId, f.FollowedAt)).ToList();
        var events = dump.Events.Select(e => new DmEvent(e.Id, e.EventType, e.ConversationId, e.CreatedAt, e.SenderId, e.Text, e.ParticipantIds)).ToList();
        if (rebaseTo is { } now && events.Count > 0)
        {
            var shift = now - events.Max(e => e.CreatedAt) - TimeSpan.FromMinutes(1);
            shift = TimeSpan.FromMilliseconds(Math.Floor(shift.TotalMilliseconds));
            events = [.. events.Select(e => e with { CreatedAt = e.CreatedAt + shift })];
            following = [.. following.Select(f => (f.UserId, f.FollowedAt + shift))];
        }

        return new WorldData(order, [new SandboxAccount(me.Id, me.Username, me.Name)], events,
            new Dictionary<string, IReadOnlyList<(string, DateTime?)>>(StringComparer.Ordinal) { [me.Id] = following });
    }

    // The API serves every count; one the dump leaves out reads as 0, as it did when the dump's counts were required.
    private static SandboxUser User(DumpUser u) =>
        new(u.Id, u.Username, u.Name ?? u.Username)
        {
            Description = u.Description,
            CreatedAt = u.CreatedAt,
            Verified = u.Verified,
            Protected = u.Protected,
            Url = u.Url,
            Location = u.Location,
            PublicMetrics = u.PublicMetrics is { } m
                ? new UserMetrics(m.FollowersCount ?? 0, m.FollowingCount ?? 0, m.TweetCount ?? 0, m.ListedCount ?? 0, m.LikeCount)
                : null,
        };
}
