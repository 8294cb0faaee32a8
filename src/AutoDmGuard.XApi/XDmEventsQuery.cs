namespace AutoDmGuard.XApi;

/// <summary>Query of the three DM lookup endpoints. The defaults ask for every field a poller and the classifier need.</summary>
public sealed record XDmEventsQuery
{
    /// <summary>dm_event.fields sent by default.</summary>
    public const string DefaultDmEventFields =
        "id,text,event_type,created_at,dm_conversation_id,sender_id,participant_ids,attachments,referenced_tweets";

    /// <summary>expansions sent by default (senders and participants land in includes.users).</summary>
    public const string DefaultExpansions = "sender_id,participant_ids";

    /// <summary>user.fields sent by default for included and looked-up users (id, name, username always come).</summary>
    public const string DefaultUserFields = "created_at,description,public_metrics,verified,protected,profile_image_url,url";

    /// <summary>1-100 events per page (X's default 100). Each event returned is billed.</summary>
    public int MaxResults { get; init; } = 100;

    /// <summary>meta.next_token of the previous page, or null for the newest page.</summary>
    public string? PaginationToken { get; init; }

    /// <summary>Comma list of MessageCreate, ParticipantsJoin, ParticipantsLeave; null = all.</summary>
    public string? EventTypes { get; init; }

    /// <summary>dm_event.fields.</summary>
    public string DmEventFields { get; init; } = DefaultDmEventFields;

    /// <summary>expansions.</summary>
    public string Expansions { get; init; } = DefaultExpansions;

    /// <summary>user.fields.</summary>
    public string UserFields { get; init; } = DefaultUserFields;
}
