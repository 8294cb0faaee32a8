using System.Globalization;
using AutoDmGuard.MailboxDump;

namespace AutoDmGuard.Cli;

/// <summary>
/// A large synthetic dump for speed runs (`autodmguard synth`), with the project's own texts: auto senders draw from
/// a few dozen template skeletons with rotating phrases, personal senders chat back and forth with the user.
/// <see cref="Generate(int, int, SynthShape)"/> writes the other inbox shapes the template index must stay fast on.
/// </summary>
internal static partial class SyntheticInbox
{
    private static readonly string[] Openers = ["Hey {0}!", "Hi {0},", "Hello {0}!", "Yo {0}", "Hey there!", "Hi!"];
    private static readonly string[] Thanks = ["thanks for the follow!", "thx for following!", "appreciate the follow!", "thank you for connecting!", "glad you're here!"];
    private static readonly string[] Pitches =
    [
        "I just wrote a free field guide on {1}, grab it here: {2}",
        "my {1} podcast has a new episode every week, subscribe: {2}",
        "we are letting a few people into the {1} beta this month. want a spot? {2}",
        "new followers get 15% off {1} kits with code HELLO15 {2}",
        "would you help me reach 2k subscribers on my {1} channel? {2}",
        "reply YES and I'll send my mini course on {1}",
        "I post daily {1} tips on my other account @{3}, come say hi",
        "my weekly letter on {1} goes to 9,000 readers. free to join: {2}",
        "we help teams ship {1} twice as fast. open to a quick call?",
        "what brought you to my corner of {1}? always curious",
    ];
    private static readonly string[] Closers = ["", " 🙌", " 🚀", " :)", " ~ {4}", " – {4}", " Cheers, {4}", " (sent via Pingbot)"];
    private static readonly string[] Topics = ["watercolor", "sourdough", "indie games", "bookbinding", "trail running", "home labs", "synths", "typography", "bonsai", "climbing"];
    private static readonly string[] Chat =
    [
        "are we still on for {1} on thursday?", "lol yes", "did you see the {1} thing from this morning", "on my way",
        "can you send me the file from yesterday", "haha that is so you", "ok I owe you a coffee", "running 10 min late sorry",
        "how did the {1} workshop go?", "I found the receipt, it was in my bag", "call you after lunch?", "🙏",
        "my cousin loved the {1} photos you sent", "the build is green again, thanks for the fix",
    ];

    public static MailboxDto Generate(int dmCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dmCount, 1);
        var random = new Random(seed);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        const string meId = "1000";
        var me = new UserDto(meId, "me_user", "Robin Vale", "Maker.", "2012-01-01T00:00:00.000Z", false, new PublicMetricsDto(900, 400));
        var users = new List<UserDto?> { me };
        var following = new List<FollowingDto?>();
        var events = new List<DmEventDto?>(dmCount + (dmCount / 3));
        long nextEvent = 1_900_000_000_000_000_000;
        var received = 0;
        var senderNo = 0;
        while (received < dmCount)
        {
            senderNo++;
            var senderId = (2_000_000 + senderNo).ToString(CultureInfo.InvariantCulture);
            var auto = random.NextDouble() < 0.45;
            var name = "Sam" + senderNo.ToString(CultureInfo.InvariantCulture);
            users.Add(new UserDto(
                senderId,
                "user" + senderId,
                name,
                auto ? "Helping creators grow. DM for collabs 🚀" : "Coffee, code and cats.",
                "2020-05-05T00:00:00.000Z",
                false,
                new PublicMetricsDto(auto ? 1200 : 300, auto ? 4100 : 280)));
            var followedAt = start.AddMinutes(senderNo * 3);
            following.Add(new FollowingDto(senderId, Iso(followedAt)));
            var conversation = meId + "-" + senderId;
            var t = followedAt.AddSeconds(auto ? random.Next(5, 600) : random.Next(3600, 86400 * 3));
            var topic = Topics[random.Next(Topics.Length)];
            if (auto)
            {
                var pitch = random.Next(Pitches.Length);
                for (var k = 0; k < 1 + random.Next(2) && received < dmCount; k++)
                {
                    var text = string.Format(
                        CultureInfo.InvariantCulture,
                        Openers[random.Next(Openers.Length)] + " " + Thanks[random.Next(Thanks.Length)] + " " + Pitches[(pitch + k) % Pitches.Length] + Closers[random.Next(Closers.Length)],
                        random.Next(2) == 0 ? "Robin" : "@me_user",
                        topic,
                        "https://t.co/" + random.Next(100000, 999999).ToString(CultureInfo.InvariantCulture),
                        "backup" + senderId,
                        name);
                    events.Add(new DmEventDto((nextEvent++).ToString(CultureInfo.InvariantCulture), "MessageCreate", text, senderId, conversation, Iso(t)));
                    received++;
                    t = t.AddHours(24 + random.Next(6));
                }
            }
            else
            {
                var turns = 2 + random.Next(6);
                for (var k = 0; k < turns && received < dmCount; k++)
                {
                    var text = string.Format(CultureInfo.InvariantCulture, Chat[random.Next(Chat.Length)], "Robin", topic);
                    events.Add(new DmEventDto((nextEvent++).ToString(CultureInfo.InvariantCulture), "MessageCreate", text, senderId, conversation, Iso(t)));
                    received++;
                    t = t.AddMinutes(5 + random.Next(120));
                    var reply = string.Format(CultureInfo.InvariantCulture, Chat[random.Next(Chat.Length)], name, topic);
                    events.Add(new DmEventDto((nextEvent++).ToString(CultureInfo.InvariantCulture), "MessageCreate", reply, meId, conversation, Iso(t)));
                    t = t.AddMinutes(5 + random.Next(240));
                }
            }
        }

        events.Reverse(); // newest first, as the X API returns them
        return new MailboxDto(MailboxFormat.Name, me, users, following, events);
    }

    public static void Write(MailboxDto dump, Stream stream) => MailboxDumpWriter.Write(dump, stream);

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
