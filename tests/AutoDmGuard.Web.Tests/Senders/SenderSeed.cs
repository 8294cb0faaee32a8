using System.Globalization;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Scoring;

namespace AutoDmGuard.Web.Tests.Senders;

/// <summary>
/// Builds one account's inbox rows directly (what the polling worker would have stored), with fresh unique ids so
/// tests never share data. Call <see cref="SaveAsync"/> to write them.
/// </summary>
public sealed class SenderSeed
{
    private static long _nextId = 1_700_000_000_000_000_000 + (DateTime.UtcNow.Ticks % 1_000_000_000) * 1000;

    private readonly List<object> _rows = [];
    private readonly DateTime _now;

    public SenderSeed(string? accountId = null, string? username = null, DateTime? now = null)
    {
        AccountId = accountId ?? NewId();
        Username = username ?? "me_" + AccountId[^6..];
        _now = now ?? new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);
        Account = new Account { Id = AccountId, Username = Username, Name = "Me", CreatedAt = _now, LastSignInAt = _now };
    }

    public string AccountId { get; }

    public string Username { get; }

    public Account Account { get; }

    public bool IncludeAccount { get; set; } = true;

    public static string NewId() => Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);

    /// <summary>Adds a sender with <paramref name="texts"/> as their DMs (oldest first) and a verdict.</summary>
    public SeededSender Sender(
        string username,
        double score,
        bool flagged = true,
        SenderStatus status = SenderStatus.Active,
        string? name = null,
        string? templateKey = null,
        DateTime? followedAt = null,
        bool following = true,
        FeedbackMark? mark = null,
        string? id = null,
        params string[] texts)
    {
        var senderId = id ?? NewId();
        if (texts.Length == 0)
        {
            texts = ["Thanks for the follow! Check out my store"];
        }

        _rows.Add(new KnownUser { AccountId = AccountId, UserId = senderId, Username = username, Name = name ?? username, UpdatedAt = _now });
        if (following)
        {
            _rows.Add(new Follow { AccountId = AccountId, UserId = senderId, FollowedAt = followedAt ?? _now.AddDays(-3), FirstSeenAt = followedAt ?? _now.AddDays(-3), LastSeenAt = _now });
        }

        var eventIds = new List<string>();
        var at = _now.AddHours(-texts.Length);
        foreach (var text in texts)
        {
            var eventId = NewId();
            eventIds.Add(eventId);
            at = at.AddMinutes(30);
            _rows.Add(new DmEvent
            {
                AccountId = AccountId,
                EventId = eventId,
                Sequence = long.Parse(eventId, CultureInfo.InvariantCulture),
                EventType = "MessageCreate",
                Text = text,
                SenderId = senderId,
                ConversationId = senderId + "-" + AccountId,
                CreatedAt = at,
                StoredAt = at,
            });
            _rows.Add(new DmScore
            {
                AccountId = AccountId,
                EventId = eventId,
                Score = score,
                Flagged = flagged,
                ReasonsJson = """[{"signal":"template-shared","weight":2.5,"reason":"The same text came from other senders"},{"signal":"sent-within-minutes-of-follow","weight":1.5,"reason":"Sent 2 minutes after you followed"}]""",
                TemplateKey = templateKey,
                TemplateSenderCount = 1,
                ScoredAt = at,
                ClassifierVersion = DmScorer.ClassifierVersion,
            });
        }

        _rows.Add(new SenderVerdict
        {
            AccountId = AccountId,
            SenderId = senderId,
            Score = score,
            Flagged = flagged,
            TopReasonsJson = """[{"signal":"template-shared","weight":2.5,"reason":"The same text came from other senders"},{"signal":"sent-within-minutes-of-follow","weight":1.5,"reason":"Sent 2 minutes after you followed"}]""",
            DmCount = texts.Length,
            LatestDmAt = at,
            LatestDmExcerpt = texts[^1].Length > 280 ? texts[^1][..280] : texts[^1],
            Status = status,
            Mark = mark,
            UpdatedAt = _now,
        });
        return new SeededSender(senderId, username, eventIds);
    }

    public async Task SaveAsync(AppDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (IncludeAccount && !db.Accounts.Any(a => a.Id == AccountId))
        {
            db.Accounts.Add(Account);
        }

        db.AddRange(_rows);
        await db.SaveChangesAsync();
        _rows.Clear();
        db.ChangeTracker.Clear();
        // The scorer keeps these in step with the scores it writes; rows written directly are recounted.
        await new ScoreAggregates(db).RebuildAsync(AccountId, CancellationToken.None);
    }
}

public sealed record SeededSender(string Id, string Username, IReadOnlyList<string> EventIds);
