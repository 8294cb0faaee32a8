namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// The synthetic demo world: three signable accounts, the first with a realistic inbox (about 40% auto-DMs from
/// spintax template families, personal conversations with replies, a following list with followed_at). Same seed
/// and clock, same world. All events fall inside the last 29 days so the 30-day DM window shows them.
/// </summary>
internal sealed class DemoWorldGenerator
{
    private static readonly TimeSpan Window = TimeSpan.FromDays(29);
    private readonly DemoRandom _rng;
    private readonly DemoCast _cast;
    private readonly DateTime _now;
    private readonly DateTime _windowStart;
    private readonly List<SandboxUser> _users = [];
    private readonly HashSet<string> _userIds = new(StringComparer.Ordinal);
    private readonly List<DmEvent> _events = [];
    private readonly HashSet<ulong> _eventIds = [];
    private readonly Dictionary<string, List<(string, DateTime?)>> _following = new(StringComparer.Ordinal);
    private int _sequence;

    private DemoWorldGenerator(int seed, DateTime now)
    {
        _rng = new DemoRandom(seed);
        _now = DateTime.SpecifyKind(now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond)), DateTimeKind.Utc);
        _windowStart = _now - Window;
        _cast = new DemoCast(_rng, _ => false, NewUserId);
    }

    public static WorldData Generate(int seed, DateTime now, int? dmCount = null, int? senderCount = null)
    {
        var received = dmCount ?? 160;
        var senders = senderCount ?? Math.Max(1, (int)Math.Round(received / 2.3));
        if (received < 1 || senders < 1 || senders > received)
        {
            throw new ArgumentOutOfRangeException(nameof(senderCount), $"Demo sizes need 1 <= senders ({senders}) <= DMs ({received}).");
        }

        var generator = new DemoWorldGenerator(seed, now);
        return generator.Build(received, senders);
    }

    private WorldData Build(int received, int senders)
    {
        AddAccount(DemoAccounts.Mira, "Indie maker. Building a habit tracker in public. Lisbon.", 1840);
        AddAccount(DemoAccounts.Theo, "Backend engineer, weekend woodworker.", 620);
        AddAccount(DemoAccounts.Quinn, "Reads more than posts.", 45);

        var autoDms = (int)Math.Round(received * 0.4);
        var personalDms = received - autoDms;
        var autoSenders = Math.Clamp((int)Math.Round(senders * 0.55), Math.Min(1, autoDms), autoDms);
        var personalSenders = senders - autoSenders;
        if (personalSenders > personalDms)
        {
            personalSenders = personalDms;
            autoSenders = senders - personalSenders;
        }

        if (personalSenders == 0 && personalDms > 0)
        {
            // Everyone is an auto sender: their extra messages become follow-ups.
            (autoDms, personalDms) = (received, 0);
        }

        var bots = new List<(SandboxUser Bot, AutoFamily Family, BotVoice Voice)>();
        foreach (var count in Spread(autoDms, autoSenders, skew: false))
        {
            var family = _cast.PickFamily();
            var bot = _cast.NewBot(family, _now);
            AddUser(bot);
            var voice = _cast.VoiceFor();
            bots.Add((bot, family, voice));
            AutoSequence(DemoAccounts.Mira, bot, family, voice, count);
        }

        foreach (var count in Spread(personalDms, personalSenders, skew: true))
        {
            var person = _cast.NewPerson(_now);
            AddUser(person);
            Conversation(DemoAccounts.Mira, person, count);
        }

        for (var i = 0; i < Math.Max(3, senders / 5); i++)
        {
            var quiet = _cast.NewPerson(_now);
            AddUser(quiet);
            Follow(DemoAccounts.Mira.Id, quiet.Id, _rng.Chance(0.4) ? null : _windowStart + _rng.Between(TimeSpan.Zero, Window));
        }

        // Theo shares a few of Mira's bots (same templates, other recipient) and has friends of his own.
        foreach (var (bot, family, voice) in bots.Take(Math.Min(bots.Count, 12)).Where(_ => _rng.Chance(0.6)))
        {
            AutoSequence(DemoAccounts.Theo, bot, family, voice, 1);
        }

        for (var i = 0; i < 3; i++)
        {
            var friend = _cast.NewPerson(_now);
            AddUser(friend);
            Conversation(DemoAccounts.Theo, friend, 2 + i);
        }

        DemoAccountsChat();
        Follow(DemoAccounts.Quinn.Id, DemoAccounts.Mira.Id, null);

        return new WorldData(_users, DemoAccounts.All, _events,
            _following.ToDictionary(p => p.Key, p => (IReadOnlyList<(string, DateTime?)>)p.Value, StringComparer.Ordinal))
        {
            AutoSenderIds = bots.Select(b => b.Bot.Id).ToHashSet(StringComparer.Ordinal),
        };
    }

    private void AutoSequence(SandboxAccount me, SandboxUser bot, AutoFamily family, BotVoice voice, int count)
    {
        var roll = _rng.NextDouble();
        var cold = roll > 0.95;
        var firstDelay = roll switch
        {
            < 0.78 => _rng.Between(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(15)),
            < 0.86 => _rng.Between(TimeSpan.FromMinutes(15), TimeSpan.FromHours(24)),
            _ => _rng.Between(TimeSpan.FromDays(1), TimeSpan.FromDays(4)),
        };
        var gap = count <= 1 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(20).Ticks, Window.Ticks / 2 / count));
        var offsets = new List<TimeSpan> { firstDelay };
        for (var i = 1; i < count; i++)
        {
            offsets.Add(offsets[^1] + gap + _rng.Between(TimeSpan.Zero, gap / 2));
        }

        var followedAt = Place(offsets[^1]);
        if (!cold)
        {
            Follow(me.Id, bot.Id, _rng.Chance(0.04) ? null : followedAt);
        }

        var conversation = SandboxWorld.OneToOneConversationId(me.Id, bot.Id);
        for (var i = 0; i < count; i++)
        {
            var at = followedAt + offsets[i];
            AddMessage(conversation, bot.Id, _cast.AutoText(family, voice, me, followUp: i > 0), at);
            if (i == 0 && _rng.Chance(0.03))
            {
                AddMessage(conversation, me.Id, "thanks, but not interested", at + _rng.Between(TimeSpan.FromMinutes(5), TimeSpan.FromHours(3)));
            }
        }
    }

    /// <summary>A personal conversation: scripted sessions until the sender has sent <paramref name="count"/> messages.</summary>
    private void Conversation(SandboxAccount me, SandboxUser person, int count)
    {
        var language = _rng.Chance(0.2) ? _rng.Pick(["es", "pt", "fr", "de"]) : "en";
        var scripts = DemoTexts.Conversations.Where(s => s.Language == "en" || s.Language == language).ToList();
        var lines = new List<(bool Mine, string Text, TimeSpan Offset)>();
        var clock = TimeSpan.Zero;
        var sent = 0;
        var slots = _cast.ConversationSlots(me);
        while (sent < count)
        {
            var script = language != "en" && lines.Count == 0 ? scripts.First(s => s.Language == language) : _rng.Pick(scripts);
            foreach (var line in script.Lines)
            {
                var mine = line.StartsWith("me:", StringComparison.Ordinal);
                if (!mine && sent == count)
                {
                    break;
                }

                lines.Add((mine, _cast.PersonalText(mine ? line[3..] : line, slots), clock));
                sent += mine ? 0 : 1;
                clock += _rng.Between(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(90));
            }

            clock += _rng.Between(TimeSpan.FromDays(1), TimeSpan.FromDays(5));
        }

        // Long histories are squeezed into the window.
        var span = lines[^1].Offset;
        var scale = span > Window - TimeSpan.FromDays(1) ? (Window - TimeSpan.FromDays(1)) / span : 1.0;
        var start = Place(span * scale);
        var conversation = SandboxWorld.OneToOneConversationId(me.Id, person.Id);
        foreach (var (mine, text, offset) in lines)
        {
            AddMessage(conversation, mine ? me.Id : person.Id, text, start + offset * scale);
        }

        if (_rng.Chance(0.7))
        {
            Follow(me.Id, person.Id, _rng.Chance(0.6) ? null : start - _rng.Between(TimeSpan.FromMinutes(2), TimeSpan.FromDays(20)));
        }
    }

    private void DemoAccountsChat()
    {
        var conversation = SandboxWorld.OneToOneConversationId(DemoAccounts.Mira.Id, DemoAccounts.Theo.Id);
        var at = _now - TimeSpan.FromDays(2);
        AddMessage(conversation, DemoAccounts.Theo.Id, "did the new release go out?", at);
        AddMessage(conversation, DemoAccounts.Mira.Id, "yep, last night. fingers crossed", at + TimeSpan.FromMinutes(7));
        AddMessage(conversation, DemoAccounts.Theo.Id, "🎉 drinks on friday then", at + TimeSpan.FromMinutes(9));
        Follow(DemoAccounts.Mira.Id, DemoAccounts.Theo.Id, null);
        Follow(DemoAccounts.Theo.Id, DemoAccounts.Mira.Id, null);
    }

    /// <summary>A start time such that start + <paramref name="span"/> still lies a little before now.</summary>
    private DateTime Place(TimeSpan span)
    {
        var room = Window - span - TimeSpan.FromMinutes(10);
        return _windowStart + (room > TimeSpan.Zero ? _rng.Between(TimeSpan.Zero, room) : TimeSpan.Zero);
    }

    private int[] Spread(int total, int buckets, bool skew)
    {
        if (buckets == 0)
        {
            return [];
        }

        var counts = Enumerable.Repeat(1, buckets).ToArray();
        for (var extra = total - buckets; extra > 0; extra--)
        {
            var r = _rng.NextDouble();
            counts[(int)(buckets * (skew ? r * r : r))]++;
        }

        return counts;
    }

    private void AddAccount(SandboxAccount account, string bio, int followers) => AddUser(new SandboxUser(account.Id, account.Username, account.Name)
    {
        Description = bio,
        CreatedAt = new DateTime(2016, 3, 4, 9, 15, 0, DateTimeKind.Utc),
        PublicMetrics = new UserMetrics(followers, 400, 2100, 12, 900),
    });

    private void AddUser(SandboxUser user)
    {
        _users.Add(user);
        _userIds.Add(user.Id);
    }

    private void Follow(string sourceId, string targetId, DateTime? at)
    {
        if (!_following.TryGetValue(sourceId, out var list))
        {
            list = [];
            _following[sourceId] = list;
        }

        list.Add((targetId, at));
    }

    private void AddMessage(string conversationId, string senderId, string text, DateTime at)
    {
        at = at > _now ? _now : at;
        at = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMillisecond));
        ulong id;
        do
        {
            id = Snowflake.Create(at, _sequence++);
        }
        while (!_eventIds.Add(id));

        _events.Add(new DmEvent(id.ToString(System.Globalization.CultureInfo.InvariantCulture), DmEvent.MessageCreate, conversationId, at, senderId, text, null));
    }

    private string NewUserId(DateTime created)
    {
        string id;
        do
        {
            id = Snowflake.Create(created, _sequence++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        while (!_userIds.Add(id));

        return id;
    }
}
