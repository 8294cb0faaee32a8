namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// The sandbox's in-memory X: users, DM events, follows and mutes. Every public member takes the one lock, so
/// concurrent requests see consistent state; reads are short (binary search + one page). Loaded follows dated after
/// the clock are not visible until the clock reaches them, as loaded DMs dated in the future are not.
/// </summary>
internal sealed class SandboxWorld
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SandboxUser> _users = new(StringComparer.Ordinal);
    private readonly List<SandboxUser> _userOrder = [];
    private readonly HashSet<string> _usernames = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SandboxAccount> _signable;
    private readonly HashSet<ulong> _eventIds = [];
    private readonly Dictionary<string, List<DmEvent>> _inboxes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DmEvent>> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _groupMembers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FollowList> _following = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FollowList> _muting = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    // Loaded follows by followed_at (none first): they join the following lists once the clock reaches them, and only then
    // get their sequence number, so the list stays newest-first by the moment each follow became true.
    private readonly List<(string SourceId, string TargetId, DateTime? FollowedAt)> _scheduledFollows;
    private int _nextScheduled;
    private long _sequence;
    private ulong _highestId;
    private WorldJournal? _journal;

    public SandboxWorld(WorldData data, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        foreach (var user in data.Users)
        {
            AddUserCore(user);
        }

        _signable = [.. data.Signable];
        foreach (var evt in data.Events.Where(e => !IsOneToOne(e.ConversationId)))
        {
            var members = GroupMembers(evt.ConversationId);
            if (evt.SenderId is not null)
            {
                members.Add(evt.SenderId);
            }

            foreach (var id in evt.ParticipantIds ?? [])
            {
                members.Add(id);
            }
        }

        // Loaded events go in sorted once; AddEventCore keeps lists sorted for events added later.
        foreach (var evt in data.Events.OrderBy(e => e.Key))
        {
            _eventIds.Add(evt.Key.Id);
            _highestId = Math.Max(_highestId, evt.Key.Id);
            Append(Conversation(evt.ConversationId), evt);
            foreach (var member in Members(evt))
            {
                Append(Inbox(member), evt);
            }
        }

        _scheduledFollows = [.. data.Following
            .SelectMany(p => p.Value.Select(e => (SourceId: p.Key, e.TargetId, e.FollowedAt)))
            .OrderBy(e => e.FollowedAt ?? DateTime.MinValue)];
        PromoteDueFollows();

        static void Append(List<DmEvent> list, DmEvent evt) => list.Add(evt);
    }

    public IReadOnlyList<SandboxAccount> Signable
    {
        get
        {
            lock (_gate)
            {
                return [.. _signable];
            }
        }
    }

    public int EventCount
    {
        get
        {
            lock (_gate)
            {
                return _eventIds.Count;
            }
        }
    }

    public SandboxUser? FindUser(string id)
    {
        lock (_gate)
        {
            return _users.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<SandboxUser> AllUsers()
    {
        lock (_gate)
        {
            return [.. _userOrder];
        }
    }

    public bool UsernameTaken(string username)
    {
        lock (_gate)
        {
            return _usernames.Contains(username);
        }
    }

    public bool IsSignable(string userId)
    {
        lock (_gate)
        {
            return _signable.Exists(a => a.Id == userId);
        }
    }

    /// <summary>A new account that can sign in (no follows, no DMs yet): fleets of accounts for load tests.</summary>
    public void AddSignable(SandboxAccount account, DateTime createdAt)
    {
        lock (_gate)
        {
            AddUserCore(new SandboxUser(account.Id, account.Username, account.Name) { CreatedAt = createdAt });
            _signable.Add(account);
        }
    }

    public void AddUser(SandboxUser user)
    {
        lock (_gate)
        {
            if (!_users.ContainsKey(user.Id))
            {
                _journal?.User(user);
                AddUserCore(user);
            }
        }
    }

    /// <summary>
    /// From now on every accepted change is also appended to <paramref name="journal"/> (before it is applied, so a
    /// failed write changes nothing). Attached after loading and replaying, so the replay is not written twice.
    /// </summary>
    public void AttachJournal(WorldJournal journal)
    {
        lock (_gate)
        {
            _journal = journal;
        }
    }

    /// <summary>
    /// The one place new DM event ids come from: a snowflake for <paramref name="at"/>, but always above every event id
    /// the world already holds, loaded, generated or replayed from a persisted world. So a newer event has a newer id
    /// even when the clock is behind the ids already delivered (a restart, a fake clock).
    /// Such an id encodes a time a little after <paramref name="at"/>; it is still a valid snowflake.
    /// </summary>
    public ulong NewId(DateTime at)
    {
        lock (_gate)
        {
            _highestId = Math.Max(Snowflake.Create(at, 0), _highestId + 1);
            return _highestId;
        }
    }

    public bool TryAddEvent(DmEvent evt)
    {
        lock (_gate)
        {
            if (_eventIds.Contains(evt.Key.Id))
            {
                return false;
            }

            _journal?.Event(evt);
            _eventIds.Add(evt.Key.Id);
            _highestId = Math.Max(_highestId, evt.Key.Id);
            Insert(Conversation(evt.ConversationId), evt);
            foreach (var member in Members(evt))
            {
                Insert(Inbox(member), evt);
            }

            return true;
        }
    }

    public bool EventIdExists(ulong id)
    {
        lock (_gate)
        {
            return _eventIds.Contains(id);
        }
    }

    public Page<DmEvent, EventKey> DmEventsOf(string userId, DmQuery query)
    {
        lock (_gate)
        {
            return PageOf(_inboxes.GetValueOrDefault(userId) ?? [], query);
        }
    }

    /// <summary>Events of one conversation, only if <paramref name="userId"/> takes part in it.</summary>
    public Page<DmEvent, EventKey> ConversationEvents(string userId, string conversationId, DmQuery query)
    {
        lock (_gate)
        {
            var isMember = IsOneToOne(conversationId)
                ? conversationId.Split('-').Contains(userId, StringComparer.Ordinal)
                : _groupMembers.TryGetValue(conversationId, out var members) && members.Contains(userId);
            var events = isMember ? _conversations.GetValueOrDefault(conversationId) ?? [] : [];
            return PageOf(events, query);
        }
    }

    public Page<FollowEdge, long> FollowingOf(string userId, int maxResults, PageCursor<long>? cursor)
    {
        lock (_gate)
        {
            PromoteDueFollows();
            return (_following.GetValueOrDefault(userId) ?? new FollowList()).Page(maxResults, cursor);
        }
    }

    public Page<FollowEdge, long> MutingOf(string userId, int maxResults, PageCursor<long>? cursor)
    {
        lock (_gate)
        {
            return (_muting.GetValueOrDefault(userId) ?? new FollowList()).Page(maxResults, cursor);
        }
    }

    public IReadOnlyList<FollowEdge> FollowingSnapshot(string userId)
    {
        lock (_gate)
        {
            PromoteDueFollows();
            return (_following.GetValueOrDefault(userId) ?? new FollowList()).NewestFirst();
        }
    }

    public bool IsFollowing(string sourceId, string targetId)
    {
        lock (_gate)
        {
            PromoteDueFollows();
            return _following.TryGetValue(sourceId, out var list) && list.Contains(targetId);
        }
    }

    /// <summary>Adds the follow if missing; returns false when it already existed.</summary>
    public bool Follow(string sourceId, string targetId, DateTime followedAt)
    {
        lock (_gate)
        {
            PromoteDueFollows();
            var list = Follows(_following, sourceId);
            if (list.Contains(targetId))
            {
                return false;
            }

            _journal?.Relation(WorldJournal.OpFollow, sourceId, targetId, followedAt);
            return list.Add(targetId, followedAt, ++_sequence);
        }
    }

    public bool Unfollow(string sourceId, string targetId)
    {
        lock (_gate)
        {
            PromoteDueFollows();
            if (!_following.TryGetValue(sourceId, out var list) || !list.Contains(targetId))
            {
                return false;
            }

            _journal?.Relation(WorldJournal.OpUnfollow, sourceId, targetId, null);
            return list.Remove(targetId);
        }
    }

    public bool Mute(string sourceId, string targetId, DateTime at)
    {
        lock (_gate)
        {
            var list = Follows(_muting, sourceId);
            if (list.Contains(targetId))
            {
                return false;
            }

            _journal?.Relation(WorldJournal.OpMute, sourceId, targetId, at);
            return list.Add(targetId, at, ++_sequence);
        }
    }

    public bool Unmute(string sourceId, string targetId)
    {
        lock (_gate)
        {
            if (!_muting.TryGetValue(sourceId, out var list) || !list.Contains(targetId))
            {
                return false;
            }

            _journal?.Relation(WorldJournal.OpUnmute, sourceId, targetId, null);
            return list.Remove(targetId);
        }
    }

    public static string OneToOneConversationId(string a, string b)
    {
        var (x, y) = (ulong.Parse(a, System.Globalization.CultureInfo.InvariantCulture), ulong.Parse(b, System.Globalization.CultureInfo.InvariantCulture));
        return x <= y ? $"{a}-{b}" : $"{b}-{a}";
    }

    private static bool IsOneToOne(string conversationId) => conversationId.Contains('-', StringComparison.Ordinal);

    private static Page<DmEvent, EventKey> PageOf(List<DmEvent> list, DmQuery q)
    {
        bool Visible(DmEvent e) => e.CreatedAt >= q.WindowStart && e.CreatedAt <= q.Now && q.EventTypes.Contains(e.EventType);

        var items = new List<DmEvent>(Math.Min(q.MaxResults, 128));
        if (q.Cursor is { Older: false } newer)
        {
            // previous_token: the max_results events just newer than the cursor, returned newest first.
            for (var i = UpperBound(list, newer.Key); i < list.Count && items.Count < q.MaxResults && list[i].CreatedAt <= q.Now; i++)
            {
                if (Visible(list[i]))
                {
                    items.Add(list[i]);
                }
            }

            items.Reverse();
        }
        else
        {
            var start = q.Cursor is { } older ? LowerBound(list, older.Key) - 1 : UpperBound(list, new EventKey(q.Now.Ticks, ulong.MaxValue)) - 1;
            for (var i = start; i >= 0 && items.Count < q.MaxResults && list[i].CreatedAt >= q.WindowStart; i--)
            {
                if (Visible(list[i]))
                {
                    items.Add(list[i]);
                }
            }
        }

        if (items.Count == 0)
        {
            return new Page<DmEvent, EventKey>(items, null, null);
        }

        var oldest = items[^1].Key;
        var newest = items[0].Key;
        var hasOlder = false;
        for (var i = LowerBound(list, oldest) - 1; i >= 0 && list[i].CreatedAt >= q.WindowStart; i--)
        {
            if (Visible(list[i]))
            {
                hasOlder = true;
                break;
            }
        }

        var hasNewer = false;
        for (var i = UpperBound(list, newest); i < list.Count && list[i].CreatedAt <= q.Now; i++)
        {
            if (Visible(list[i]))
            {
                hasNewer = true;
                break;
            }
        }

        return new Page<DmEvent, EventKey>(items, hasOlder ? oldest : null, hasNewer ? newest : null);
    }

    /// <summary>First index whose key is &gt;= <paramref name="key"/>.</summary>
    private static int LowerBound(List<DmEvent> list, EventKey key)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (list[mid].Key < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>First index whose key is &gt; <paramref name="key"/>.</summary>
    private static int UpperBound(List<DmEvent> list, EventKey key)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (list[mid].Key <= key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static void Insert(List<DmEvent> list, DmEvent evt) => list.Insert(UpperBound(list, evt.Key), evt);

    /// <summary>
    /// Moves the loaded follows the clock has reached into the following lists, oldest first. A target followed in the
    /// meantime (through the API) stays as it is: on X, following someone you follow changes nothing.
    /// </summary>
    private void PromoteDueFollows()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        while (_nextScheduled < _scheduledFollows.Count && !(_scheduledFollows[_nextScheduled].FollowedAt > now))
        {
            var (sourceId, targetId, followedAt) = _scheduledFollows[_nextScheduled++];
            Follows(_following, sourceId).Add(targetId, followedAt, ++_sequence);
        }
    }

    private static FollowList Follows(Dictionary<string, FollowList> map, string sourceId)
    {
        if (!map.TryGetValue(sourceId, out var list))
        {
            list = new FollowList();
            map[sourceId] = list;
        }

        return list;
    }

    private void AddUserCore(SandboxUser user)
    {
        if (_users.TryAdd(user.Id, user))
        {

            _userOrder.Add(user);
            _usernames.Add(user.Username);
        }
    }

    private string[] Members(DmEvent evt)
    {
        var id = evt.ConversationId;
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return [.. GroupMembers(id)];
        }

        var (a, b) = (id[..dash], id[(dash + 1)..]);
        return a == b ? [a] : [a, b];
    }

    private HashSet<string> GroupMembers(string conversationId)
    {
        if (!_groupMembers.TryGetValue(conversationId, out var members))
        {
            members = new HashSet<string>(StringComparer.Ordinal);
            _groupMembers[conversationId] = members;
        }

        return members;
    }

    private List<DmEvent> Inbox(string userId) => ListFor(_inboxes, userId);

    private List<DmEvent> Conversation(string conversationId) => ListFor(_conversations, conversationId);

    private static List<DmEvent> ListFor(Dictionary<string, List<DmEvent>> map, string key)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        return list;
    }
}
