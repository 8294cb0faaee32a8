using System.Globalization;
using System.Text;
using AutoDmGuard.MailboxDump;

namespace AutoDmGuard.Cli;

/// <summary>The text distributions `autodmguard synth --shape` can write (docs/classifier.md, "Speed on every inbox shape").</summary>
internal enum SynthShape
{
    /// <summary>The project's own speed inbox: template skeletons with rotating phrases and back-and-forth chats.</summary>
    Default,

    /// <summary>Half the DMs: 5 templates sent by half the senders; half: 3-30 random words from a 200-word everyday vocabulary.</summary>
    Mixed,

    /// <summary>3-30 random words from a 200-word everyday vocabulary: short texts that share many shingles.</summary>
    Everyday,

    /// <summary>5 templates (name, topic, link and closer vary) sent by every sender.</summary>
    Templates,

    /// <summary>Every DM has the same text.</summary>
    Identical,

    /// <summary>60-150 words each from a 20,000-word vocabulary: long texts nobody else sent.</summary>
    LongUnique,
}

internal static partial class SyntheticInbox
{
    public const int DmsPerSender = 10;

    private static readonly string[] EverydayWords =
    [
        "ok", "see", "you", "tomorrow", "thanks", "too", "yes", "no", "maybe", "later", "today", "tonight", "morning",
        "night", "coffee", "lunch", "dinner", "home", "work", "office", "train", "bus", "car", "late", "early", "soon",
        "now", "here", "there", "where", "when", "what", "why", "how", "who", "good", "great", "fine", "sure", "cool",
        "nice", "sorry", "please", "love", "miss", "call", "text", "send", "bring", "take", "meet", "wait", "leave",
        "come", "go", "going", "got", "get", "have", "had", "did", "do", "done", "make", "made", "know", "think",
        "feel", "want", "need", "like", "look", "watch", "read", "write", "play", "eat", "drink", "sleep", "walk", "run",
        "drive", "pick", "up", "down", "out", "in", "on", "off", "at", "the", "a", "an", "and", "but", "or", "so", "if",
        "then", "just", "really", "very", "much", "lot", "little", "bit", "all", "some", "any", "one", "two", "three",
        "few", "more", "less", "again", "still", "already", "yet", "almost", "never", "always", "sometimes", "week",
        "weekend", "monday", "friday", "saturday", "sunday", "day", "hour", "minute", "time", "place", "store", "park",
        "beach", "gym", "party", "movie", "game", "show", "book", "song", "photo", "picture", "phone", "keys", "bag",
        "dog", "cat", "kids", "mom", "dad", "sister", "brother", "friend", "friends", "everyone", "nobody", "thing",
        "stuff", "idea", "plan", "news", "weather", "rain", "sun", "cold", "hot", "tired", "happy", "busy", "free",
        "ready", "hungry", "lol", "haha", "omg", "yeah", "nope", "thx", "btw", "birthday", "gift", "cake", "pizza",
        "tea", "water", "wine", "beer", "ticket", "flight", "trip", "hotel", "room", "door", "window", "table", "chair",
        "bed", "kitchen",
    ];

    // Five skeletons of the kind growth tools send; {0} name, {1} topic, {2} link, {3} closer.
    private static readonly string[] Skeletons =
    [
        "Hey {0}! thanks so much for the follow, I share daily {1} tips and a free guide here {2}{3}",
        "Hi {0}, welcome aboard! we are opening a few spots in our {1} mastermind this week, want in? {2}{3}",
        "{0} appreciate the connect! quick question: are you looking to grow your {1} audience this year?{3}",
        "Thanks for following {0}! grab 20% off every {1} course with code WELCOME20 at {2}{3}",
        "Hello {0}, I noticed we both love {1}. I wrote a short ebook about it, happy to send it for free{3}",
    ];

    private static readonly string[] SkeletonClosers = ["", " 🙌", " 🚀", " :)", " cheers!"];
    private static readonly string[] SkeletonNames = ["Robin", "@me_user", "friend", "there"];
    private const string IdenticalText = "Thanks for the follow! Check out my newsletter for weekly tips on growing your audience";

    /// <summary>
    /// An inbox of <paramref name="dmCount"/> received DMs from <c>max(1, dmCount / 10)</c> senders in the given shape,
    /// deterministic by <paramref name="seed"/>; DMs are 30 s apart, newest first as the X API returns them.
    /// </summary>
    public static MailboxDto Generate(int dmCount, int seed, SynthShape shape)
    {
        if (shape == SynthShape.Default)
        {
            return Generate(dmCount, seed);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(dmCount, 1);
        var random = new Random(seed);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        const string meId = "1000";
        var me = new UserDto(meId, "me_user", "Robin Vale", "Maker.", "2012-01-01T00:00:00.000Z", false, new PublicMetricsDto(900, 400));
        var senderCount = Math.Max(1, dmCount / DmsPerSender);
        var users = new List<UserDto?>(senderCount + 1) { me };
        var following = new List<FollowingDto?>(senderCount);
        for (var s = 0; s < senderCount; s++)
        {
            var id = SenderId(s);
            users.Add(new UserDto(id, "user" + id, "Sam" + s.ToString(CultureInfo.InvariantCulture), "Coffee, code and cats.",
                "2020-05-05T00:00:00.000Z", false, new PublicMetricsDto(300, 280)));
            following.Add(new FollowingDto(id, Iso(start.AddMinutes(-s))));
        }

        var vocabulary = shape == SynthShape.LongUnique ? PseudoWords(random, 20_000) : EverydayWords;
        var text = new StringBuilder(1024);
        var events = new List<DmEventDto?>(dmCount);
        long nextEvent = 1_900_000_000_000_000_000;
        for (var i = 0; i < dmCount; i++)
        {
            // Mixed: the first half of the senders send templates, the second half everyday words.
            var templated = shape switch
            {
                SynthShape.Templates => true,
                SynthShape.Mixed => random.Next(2) == 0,
                _ => false,
            };
            var half = Math.Max(1, senderCount / 2);
            var sender = shape != SynthShape.Mixed ? random.Next(senderCount)
                : templated ? random.Next(half)
                : Math.Min(senderCount - 1, half + random.Next(Math.Max(1, senderCount - half)));
            text.Clear();
            if (shape == SynthShape.Identical)
            {
                text.Append(IdenticalText);
            }
            else if (templated)
            {
                text.AppendFormat(
                    CultureInfo.InvariantCulture,
                    Skeletons[sender % Skeletons.Length],
                    SkeletonNames[random.Next(SkeletonNames.Length)],
                    Topics[random.Next(Topics.Length)],
                    "https://t.co/" + random.Next(100000, 999999).ToString(CultureInfo.InvariantCulture),
                    SkeletonClosers[random.Next(SkeletonClosers.Length)]);
            }
            else
            {
                var words = shape == SynthShape.LongUnique ? random.Next(60, 151) : random.Next(3, 31);
                for (var w = 0; w < words; w++)
                {
                    text.Append(w == 0 ? "" : " ").Append(vocabulary[random.Next(vocabulary.Length)]);
                }
            }

            var senderId = SenderId(sender);
            events.Add(new DmEventDto(
                (nextEvent++).ToString(CultureInfo.InvariantCulture),
                "MessageCreate",
                text.ToString(),
                senderId,
                meId + "-" + senderId,
                Iso(start.AddSeconds(30L * i))));
        }

        events.Reverse();
        return new MailboxDto(MailboxFormat.Name, me, users, following, events);
    }

    private static string SenderId(int sender) => (2_000_001 + sender).ToString(CultureInfo.InvariantCulture);

    // Pronounceable made-up words of 2-4 syllables: a large vocabulary with no real text in it.
    private static string[] PseudoWords(Random random, int count)
    {
        string[] syllables = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "pi", "qua", "zen", "ba", "fi", "gor", "hu", "jin", "ne", "or", "ul", "ty"];
        var words = new string[count];
        var word = new StringBuilder(12);
        for (var i = 0; i < count; i++)
        {
            word.Clear();
            var n = 2 + random.Next(3);
            for (var k = 0; k < n; k++)
            {
                word.Append(syllables[random.Next(syllables.Length)]);
            }

            words[i] = word.ToString();
        }

        return words;
    }
}
