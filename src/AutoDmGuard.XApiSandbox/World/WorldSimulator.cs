using System.Globalization;

namespace AutoDmGuard.XApiSandbox;

/// <summary>The admin "simulate" actions: new bots that auto-DM, a friend's DM, a burst of DMs.</summary>
internal sealed class WorldSimulator
{
    private static readonly IReadOnlySet<string> AllEventTypes =
        new HashSet<string>(StringComparer.Ordinal) { DmEvent.MessageCreate, DmEvent.ParticipantsJoin, DmEvent.ParticipantsLeave };

    private readonly Lock _gate = new();
    private readonly SandboxWorld _world;
    private readonly TimeProvider _clock;
    private readonly DemoCast _cast;
    private int _sequence;

    public WorldSimulator(SandboxWorld world, TimeProvider clock, int seed)
    {
        _world = world;
        _clock = clock;
        _cast = new DemoCast(new DemoRandom(seed ^ 0x5EED), world.UsernameTaken, NewUserId);
    }

    private DateTime Now
    {
        get
        {
            var now = _clock.GetUtcNow().UtcDateTime;
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        }
    }

    /// <summary>The account follows a new bot-like user, which auto-DMs 60 s later (sandbox time).</summary>
    public SimulatedFollow FollowAutoDm(SandboxAccount me)
    {
        lock (_gate)
        {
            var now = Now;
            var family = _cast.PickFamily();
            var bot = _cast.NewBot(family, now);
            _world.AddUser(bot);
            _world.Follow(me.Id, bot.Id, now);
            var dm = AddMessage(me.Id, bot.Id, _cast.AutoText(family, _cast.VoiceFor(), me, followUp: false), now.AddSeconds(60));
            return new SimulatedFollow(bot, now, dm);
        }
    }

    /// <summary>A friend (an existing personal contact when there is one) sends a DM now.</summary>
    public (SandboxUser Friend, DmEvent Event) FriendDm(SandboxAccount me)
    {
        lock (_gate)
        {
            var now = Now;
            var friend = _cast.NewPerson(now);
            _world.AddUser(friend);
            var script = _cast.Random.Pick(DemoTexts.Conversations);
            var text = _cast.PersonalText(script.Lines[0], _cast.ConversationSlots(me));
            return (friend, AddMessage(me.Id, friend.Id, text, now));
        }
    }

    /// <summary>
    /// <paramref name="count"/> auto-DMs from new bots the account just followed, one per second up to now, but never
    /// older than what the inbox has already delivered: as on X, a new event always gets a newer time and a larger id
    /// than every event a reader has seen, so an incremental reader that stops at the newest id it knows reads all.
    /// </summary>
    public IReadOnlyList<DmEvent> Burst(SandboxAccount me, int count, out IReadOnlyList<SandboxUser> senders)
    {
        lock (_gate)
        {
            var now = Now;
            var newest = NewestDelivered(me.Id, now);
            var notBefore = newest?.CreatedAt ?? DateTime.MinValue;
            var bots = new List<SandboxUser>();
            var events = new List<DmEvent>(count);
            const int PerBot = 5;
            for (var first = 0; first < count; first += PerBot)
            {
                var family = _cast.PickFamily();
                var bot = _cast.NewBot(family, now);
                var voice = _cast.VoiceFor();
                _world.AddUser(bot);
                _world.Follow(me.Id, bot.Id, now.AddSeconds(-count - 60));
                bots.Add(bot);
                for (var i = first; i < Math.Min(count, first + PerBot); i++)
                {
                    var at = now.AddSeconds(-(count - 1 - i));
                    var text = _cast.AutoText(family, voice, me, followUp: i > first);
                    events.Add(AddMessage(me.Id, bot.Id, text, at < notBefore ? notBefore : at));
                }
            }

            senders = bots;
            return events;
        }
    }

    /// <summary>The newest event of the account's inbox that the API already shows (dated no later than now).</summary>
    private DmEvent? NewestDelivered(string userId, DateTime now)
    {
        var page = _world.DmEventsOf(userId, new DmQuery(1, null, AllEventTypes, DateTime.MinValue, now));
        return page.Items.Count > 0 ? page.Items[0] : null;
    }

    /// <summary>Adds a MessageCreate dated <paramref name="at"/>; its id is above every event the world holds (<see cref="SandboxWorld.NewId"/>).</summary>
    private DmEvent AddMessage(string meId, string senderId, string text, DateTime at)
    {
        while (true)
        {
            var id = _world.NewId(at);
            var evt = new DmEvent(id.ToString(CultureInfo.InvariantCulture), DmEvent.MessageCreate,
                SandboxWorld.OneToOneConversationId(meId, senderId), at, senderId, text, null);
            if (_world.TryAddEvent(evt))
            {
                return evt;
            }
        }
    }

    private string NewUserId(DateTime created)
    {
        while (true)
        {
            var id = Snowflake.Create(created, _sequence++ & 0x3FFFFF).ToString(CultureInfo.InvariantCulture);
            if (_world.FindUser(id) is null)
            {
                return id;
            }
        }
    }
}
