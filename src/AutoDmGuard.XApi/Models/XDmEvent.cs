using System.Text.Json.Serialization;

namespace AutoDmGuard.XApi;

/// <summary>A DM event (MessageCreate, ParticipantsJoin, ParticipantsLeave).</summary>
public sealed record XDmEvent
{
    private readonly IReadOnlyList<string>? _participantIds;
    private readonly IReadOnlyList<XReferencedPost>? _referencedTweets;
    private readonly IReadOnlyList<XReferencedPost>? _referencedPosts;

    /// <summary>Event id: a time-ordered snowflake, kept as a string (compare with <see cref="XSnowflake"/>).</summary>
    [JsonRequired]
    public required string Id { get; init; }

    /// <summary>MessageCreate, ParticipantsJoin or ParticipantsLeave.</summary>
    public string EventType { get; init; } = string.Empty;

    /// <summary>Message text (MessageCreate only). Never log above Debug.</summary>
    public string? Text { get; init; }

    /// <summary>Author of a message, or the inviter of a join.</summary>
    public string? SenderId { get; init; }

    /// <summary>"small-large" user ids for 1:1, a numeric id for groups.</summary>
    public string? DmConversationId { get; init; }

    /// <summary>When the event happened (UTC).</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Who joined or left (Join/Leave events).</summary>
    public IReadOnlyList<string> ParticipantIds { get => _participantIds ?? []; init => _participantIds = value; }

    /// <summary>Attached media and cards.</summary>
    public XDmAttachments? Attachments { get; init; }

    /// <summary>Shared posts (classic name referenced_tweets).</summary>
    public IReadOnlyList<XReferencedPost> ReferencedTweets { get => _referencedTweets ?? []; init => _referencedTweets = value; }

    /// <summary>Shared posts (new name referenced_posts).</summary>
    public IReadOnlyList<XReferencedPost> ReferencedPosts { get => _referencedPosts ?? []; init => _referencedPosts = value; }

    /// <summary>True for a message (as opposed to a join/leave).</summary>
    [JsonIgnore]
    public bool IsMessage => string.Equals(EventType, "MessageCreate", StringComparison.Ordinal);
}
