using System.Globalization;
using System.Text.RegularExpressions;
using AutoDmGuard.Core;

namespace AutoDmGuard.Cli.Evaluation;

/// <summary>A built inbox and, per received DM, the text it came from and its reporting category.</summary>
internal sealed record BuiltInbox(Mailbox Mailbox, Dictionary<string, (LabeledText Item, string Category)> Truth);

/// <summary>
/// Inboxes as a real user receives them: each group's texts go to different inboxes (one sender per bot repository
/// and inbox, so no template repeats inside an inbox), placeholders filled with the reader's name and the weekday,
/// a timing mix (most auto-DMs within minutes of the follow, some with no known follow time, some hours or days
/// later, chatbots answering the user's message within seconds, follow-ups days later without a reply), personal
/// senders in conversations with the user, and neutral handles and bios for everyone.
/// </summary>
internal static partial class RealisticInbox
{
    public const string AutoDrip = "real-auto-dm-follow-up";
    public const string AutoChatbot = "real-auto-dm-chatbot-reply";

    private static readonly DateTime Start = new(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Readers =
        ["Alex Morgan", "Priya Nair", "Lucía Romero", "Tomás Silva", "Chloé Martin", "Jonas Weber", "Giulia Rossi", "Budi Santoso", "Emre Kaya", "Mina Park", "Omar Haddad", "Sasha Ivanova"];

    private static readonly string[] SenderNames =
        ["Sam", "Jordan", "Kai", "Noor", "Leo", "Ana", "Ravi", "Ines", "Mateo", "Yuki", "Zoe", "Hugo", "Lina", "Marco", "Aisha", "Ben", "Chen", "Dara", "Eli", "Femi"];

    private static readonly string[] Bios =
        ["", "", "coffee, books and long walks", "Lisbon · she/her", "dad of two. bad at chess", "software person", "photos sometimes",
         "music, running, cats", "nurse. opinions my own", "learning to cook", "he/him", "🌱", "student", "always outside"];

    private static readonly string[] UserReplies =
        ["haha yes", "sounds good!", "thanks!", "see you then", "ok will check", "sure, when?", "lol", "no worries", "nice, thank you",
         "hmm let me think", "yes please", "on it", "gracias!", "merci !", "ok 👍"];

    private static readonly Dictionary<string, string[]> Weekdays = new(StringComparer.Ordinal)
    {
        ["en"] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        ["es"] = ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
        ["pt"] = ["domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"],
        ["fr"] = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        ["de"] = ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
        ["it"] = ["domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"],
        ["id"] = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
        ["tr"] = ["Pazar", "Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi"],
        ["ru"] = ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
        ["ar"] = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"],
    };

    /// <summary>Builds <paramref name="inboxCount"/> inboxes holding every item once; the same seed gives the same inboxes.</summary>
    public static List<BuiltInbox> Build(IReadOnlyList<LabeledText> items, int inboxCount, int seed)
    {
        var random = new Random(seed);
        var slots = Enumerable.Range(0, inboxCount).Select(_ => new List<List<LabeledText>>()).ToList();

        // A group's texts are spread over consecutive inboxes from a random start; a group larger than the inbox count
        // puts several texts in one inbox, which then come from one sender (a bot's follow-ups, a person's messages).
        foreach (var group in items.GroupBy(i => i.Group, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var start = random.Next(inboxCount);
            var perInbox = new Dictionary<int, List<LabeledText>>();
            var k = 0;
            foreach (var item in group)
            {
                var inbox = (start + k++) % inboxCount;
                if (!perInbox.TryGetValue(inbox, out var list))
                {
                    perInbox[inbox] = list = [];
                }

                list.Add(item);
            }

            foreach (var (inbox, list) in perInbox)
            {
                if (list[0].Automated)
                {
                    slots[inbox].Add(list);
                }
                else
                {
                    // Personal texts: one sender per text here; senders with several messages are made below.
                    slots[inbox].AddRange(list.Select(i => new List<LabeledText> { i }));
                }
            }
        }

        // Follow windows draw from their own stream, so the texts, senders and timings stay those of the same seed.
        var windows = new Random(unchecked((seed * 31) + 17));
        var result = new List<BuiltInbox>(inboxCount);
        long nextId = 1_900_000_000_000_000_000 + ((long)seed * 10_000_000);
        for (var n = 0; n < inboxCount; n++)
        {
            result.Add(BuildOne(n, slots[n], random, windows, ref nextId));
        }

        return result;
    }

    private static BuiltInbox BuildOne(int n, List<List<LabeledText>> senders, Random random, Random windows, ref long nextId)
    {
        var readerName = Readers[n % Readers.Length];
        var first = readerName.Split(' ')[0];
        var meId = (1000 + n).ToString(CultureInfo.InvariantCulture);
        var meUsername = first.ToLowerInvariant() + "_" + n.ToString(CultureInfo.InvariantCulture);
        var messages = new List<DmMessage>();
        var users = new List<SenderProfile>();
        var followed = new Dictionary<string, DateTime?>(StringComparer.Ordinal);
        var truth = new Dictionary<string, (LabeledText, string)>(StringComparer.Ordinal);
        var senderNo = 0;
        long id = nextId;

        // Personal senders with several messages: join some one-text personal slots of the same category.
        var queue = new List<List<LabeledText>>();
        var pending = new List<LabeledText>();
        foreach (var s in senders.OrderBy(_ => random.Next()))
        {
            if (s[0].Automated || s[0].Category != "sms-ham")
            {
                queue.Add(s);
                continue;
            }

            pending.Add(s[0]);
            var want = random.NextDouble() switch { < 0.7 => 1, < 0.9 => 2, _ => 3 };
            if (pending.Count >= want)
            {
                queue.Add([.. pending]);
                pending.Clear();
            }
        }

        if (pending.Count > 0)
        {
            queue.Add(pending);
        }

        foreach (var texts in queue)
        {
            senderNo++;
            var senderId = (5_000_000 + (n * 100_000) + senderNo).ToString(CultureInfo.InvariantCulture);
            var conversation = meId + "-" + senderId;
            users.Add(new SenderProfile(
                senderId,
                "user" + random.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture),
                SenderNames[random.Next(SenderNames.Length)] + " " + (char)('A' + random.Next(26)) + ".",
                Bios[random.Next(Bios.Length)],
                new DateTime(2012 + random.Next(12), 1 + random.Next(12), 1, 0, 0, 0, DateTimeKind.Utc),
                false,
                random.Next(40, 3000),
                random.Next(40, 1500)));
            var t = Start.AddMinutes(random.Next(0, 25 * 24 * 60));

            void Receive(LabeledText item, string category, DateTime at)
            {
                var eventId = (id++).ToString(CultureInfo.InvariantCulture);
                messages.Add(new DmMessage(eventId, conversation, senderId, Fill(item.Text, first, meUsername, item.Language, at), at));
                truth[eventId] = (item, category);
            }

            void Send(DateTime at)
            {
                messages.Add(new DmMessage((id++).ToString(CultureInfo.InvariantCulture), conversation, meId, UserReplies[random.Next(UserReplies.Length)], at));
            }

            var head = texts[0];
            if (head.Automated)
            {
                var mode = random.NextDouble();
                var category = head.Category;
                if (mode < 0.30)
                {
                    followed[senderId] = KnownFollow(t, windows);
                    t = t.AddSeconds(random.Next(5, 61));
                }
                else if (mode < 0.55)
                {
                    followed[senderId] = KnownFollow(t, windows);
                    t = t.AddSeconds(random.Next(61, 15 * 60));
                }
                else if (mode < 0.70)
                {
                    followed[senderId] = null;
                }
                else if (mode < 0.88)
                {
                    followed[senderId] = KnownFollow(t, windows);
                    t = t.AddMinutes(random.Next(60, 4 * 24 * 60));
                }
                else
                {
                    followed[senderId] = null;
                    Send(t);
                    t = t.AddSeconds(random.Next(1, 7));
                    category = head.Category == "real-auto-dm" ? AutoChatbot : head.Category;
                }

                Receive(head, category, t);
                foreach (var next in texts.Skip(1))
                {
                    t = t.AddMinutes(random.Next(24 * 60, 6 * 24 * 60));
                    Receive(next, head.Category == "real-auto-dm" ? AutoDrip : head.Category, t);
                }

                if (random.NextDouble() < 0.1)
                {
                    Send(t.AddMinutes(random.Next(10, 24 * 60)));
                }

                continue;
            }

            switch (head.Category)
            {
                case HardNegatives.FriendAfterFollow:
                    followed[senderId] = KnownFollow(t, windows);
                    t = t.AddSeconds(random.Next(20, 10 * 60));
                    break;
                case HardNegatives.ThanksInOwnWords:
                    followed[senderId] = KnownFollow(t, windows);
                    t = t.AddSeconds(random.Next(30, 3 * 60 * 60));
                    break;
                case HardNegatives.SpecificRequest:
                    followed[senderId] = random.NextDouble() < 0.5 ? null : KnownFollow(t.AddDays(-random.Next(1, 60)), windows);
                    break;
                case HardNegatives.LinkInConversation:
                    followed[senderId] = null;
                    Send(t);
                    t = t.AddSeconds(random.Next(60, 20 * 60));
                    break;
                default:
                    var mode = random.NextDouble();
                    if (mode < 0.40)
                    {
                        followed[senderId] = null;
                        Send(t);
                        t = t.AddSeconds(random.NextDouble() < 0.05 ? random.Next(3, 10) : random.Next(20, 2 * 60 * 60));
                    }
                    else if (mode < 0.75)
                    {
                        followed[senderId] = null;
                    }
                    else if (mode < 0.87)
                    {
                        followed[senderId] = KnownFollow(t, windows);
                        t = t.AddMinutes(random.Next(60, 20 * 24 * 60));
                    }
                    else
                    {
                        followed[senderId] = KnownFollow(t, windows);
                        t = t.AddSeconds(random.Next(30, 15 * 60));
                    }

                    break;
            }

            Receive(head, head.Category, t);
            foreach (var next in texts.Skip(1))
            {
                if (random.NextDouble() < 0.8)
                {
                    t = t.AddSeconds(random.Next(30, 3 * 60 * 60));
                    Send(t);
                    t = t.AddSeconds(random.Next(20, 3 * 60 * 60));
                }
                else
                {
                    t = t.AddMinutes(random.Next(1, 2 * 24 * 60));
                }

                Receive(next, next.Category, t);
            }

            if (random.NextDouble() < 0.6)
            {
                Send(t.AddMinutes(random.Next(2, 12 * 60)));
            }
        }

        nextId = id;
        messages.Sort(static (a, b) => a.CreatedAtUtc.CompareTo(b.CreatedAtUtc) is var c && c != 0 ? c : string.CompareOrdinal(a.EventId, b.EventId));
        var context = new InboxContext(meId, meUsername, readerName, followed, [], FeedbackSet.Empty);
        users.Add(new SenderProfile(meId, meUsername, readerName, "", new DateTime(2014, 1, 1, 0, 0, 0, DateTimeKind.Utc), false, 300, 200));
        return new BuiltInbox(new Mailbox(messages, users, context), truth);
    }

    /// <summary>Follow windows (minutes) the app knows a follow by: exact (a dump's <c>followed_at</c>), a catch-up read
    /// one DM poll later, the full following sync, an hourly look.</summary>
    internal static readonly int[] FollowWindowMinutes = [0, 1, 15, 60];

    /// <summary>
    /// What the classifier is told of a follow made at <paramref name="at"/>: X gives no follow times, so the app knows
    /// only that it lies between two looks at the following list and passes the earlier one (docs/worker.md, step 3).
    /// A window length is drawn from <see cref="FollowWindowMinutes"/> and the follow put uniformly inside it, so the timing
    /// signals are fitted on bounds as loose as the app's, not only on exact times.
    /// </summary>
    private static DateTime KnownFollow(DateTime at, Random windows)
    {
        var minutes = FollowWindowMinutes[windows.Next(FollowWindowMinutes.Length)];
        return at.AddSeconds(-windows.NextDouble() * minutes * 60);
    }

    /// <summary>Fills a template's placeholders as its bot would: the reader's name, the weekday, a link for anything else.</summary>
    internal static string Fill(string text, string readerFirstName, string readerUsername, string language, DateTime at) =>
        Placeholder().Replace(text, m =>
        {
            var key = (m.Groups["a"].Success ? m.Groups["a"].Value : m.Groups["b"].Success ? m.Groups["b"].Value : m.Groups["c"].Value).ToLowerInvariant();
            var atSign = m.Value.StartsWith('@');
            return key switch
            {
                "name" or "first_name" or "firstname" or "" => (atSign ? "@" + readerUsername : readerFirstName),
                "username" or "screenname" or "user.username" => (atSign ? "@" : "") + readerUsername,
                "dayname" or "namahari" => (Weekdays.TryGetValue(language, out var days) ? days : Weekdays["en"])[(int)at.DayOfWeek],
                _ => "https://example.com/" + key.Replace('.', '-'),
            };
        });

    [GeneratedRegex(@"@?\$\{(?<a>[\w.]*)\}|@?\{\{(?<b>[\w.]*)\}\}|@?\{(?<c>[\w.]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
