namespace AutoDmGuard.Web.Data;

/// <summary>A DM event as X returned it. Stored once per (account, event id); <see cref="Sequence"/> is the numeric snowflake for ordering.</summary>
public sealed class DmEvent
{
    public required string AccountId { get; set; }
    public required string EventId { get; set; }
    public long Sequence { get; set; }
    public required string EventType { get; set; }
    public string? Text { get; set; }
    public string? SenderId { get; set; }
    public required string ConversationId { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Comma-separated participant ids of ParticipantsJoin / ParticipantsLeave events.</summary>
    public string? ParticipantIds { get; set; }

    /// <summary>True when the account itself sent the message (its replies).</summary>
    public bool FromMe { get; set; }
    public DateTime StoredAt { get; set; }

    public DmScore? Score { get; set; }
}
