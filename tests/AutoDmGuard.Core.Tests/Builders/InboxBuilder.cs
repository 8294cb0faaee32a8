using System.Globalization;
using AutoDmGuard.Core;

namespace AutoDmGuard.Core.Tests.Builders;

/// <summary>Builds small inboxes for classifier tests: me, senders, follows, DMs in both directions.</summary>
internal sealed class InboxBuilder
{
    public const string MeId = "1000";
    public static readonly DateTime T0 = new(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc);

    private readonly List<DmMessage> _messages = [];
    private readonly List<SenderProfile> _profiles = [];
    private readonly Dictionary<string, DateTime?> _follows = [];
    private readonly List<string> _allowlist = [];
    private readonly List<FeedbackMark> _marks = [];
    private long _nextEvent = 1_850_000_000_000_000_000;

    public string MeName { get; init; } = "Kit Morrow";

    public string MeUsername { get; init; } = "kit_makes";

    /// <summary>Adds a sender profile (defaults: a plain, old, small account).</summary>
    public InboxBuilder Sender(string id, string? name = null, string? bio = "Plants and pixels.", int followers = 300, int following = 250, DateTime? createdAt = null)
    {
        _profiles.Add(new SenderProfile(id, "user" + id, name ?? "Person " + id, bio, createdAt ?? new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc), false, followers, following));
        return this;
    }

    public InboxBuilder Followed(string id, DateTime? at)
    {
        _follows[id] = at;
        return this;
    }

    /// <summary>A DM from <paramref name="senderId"/> to me (one-to-one conversation); returns its event id.</summary>
    public string From(string senderId, string text, DateTime at) =>
        Add(senderId, Conversation(senderId), text, at);

    /// <summary>A DM from me to <paramref name="otherId"/>.</summary>
    public string ToSender(string otherId, string text, DateTime at) =>
        Add(MeId, Conversation(otherId), text, at);

    public string InGroup(string groupId, string senderId, string text, DateTime at) => Add(senderId, groupId, text, at);

    public InboxBuilder Allowlist(string id)
    {
        _allowlist.Add(id);
        return this;
    }

    public InboxBuilder Mark(string id, FeedbackLabel label)
    {
        _marks.Add(new FeedbackMark(id, label, T0));
        return this;
    }

    public IReadOnlyList<DmMessage> Messages => _messages;

    public IReadOnlyList<SenderProfile> Profiles => _profiles;

    public InboxContext Context => new(MeId, MeUsername, MeName, _follows, _allowlist, new FeedbackSet(_marks));

    public InboxClassification Classify(InboxClassifier? classifier = null) =>
        (classifier ?? new InboxClassifier()).Classify(_messages, _profiles, Context);

    private static string Conversation(string otherId) =>
        long.Parse(otherId, CultureInfo.InvariantCulture) < long.Parse(MeId, CultureInfo.InvariantCulture) ? $"{otherId}-{MeId}" : $"{MeId}-{otherId}";

    private string Add(string senderId, string conversationId, string text, DateTime at)
    {
        var id = (_nextEvent++).ToString(CultureInfo.InvariantCulture);
        _messages.Add(new DmMessage(id, conversationId, senderId, text, at));
        return id;
    }
}
