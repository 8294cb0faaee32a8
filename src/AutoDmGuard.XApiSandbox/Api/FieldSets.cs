namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// Allowed values of fields/expansions parameters: every name of X's OpenAPI v2.167 enums, plus the classic
/// names (<c>tweet</c> for <c>post</c>) that live X still answers and older clients still send (docs/sandbox.md,
/// Fidelity to X's OpenAPI document and to live X).
/// </summary>
internal static class FieldSets
{
    public static IReadOnlyList<string> UserFields { get; } =
    [
        "affiliation", "confirmed_email", "connection_status", "created_at", "description", "entities", "id",
        "is_identity_verified", "location", "most_recent_post_id", "most_recent_tweet_id", "name", "parody",
        "pinned_post_id", "pinned_tweet_id", "profile_banner_url", "profile_image_url", "protected", "public_metrics",
        "receives_your_dm", "subscribes_to_you", "subscription", "subscription_type", "url", "username", "verified",
        "verified_followers_count", "verified_type", "withheld",
    ];

    public static IReadOnlyList<string> UserExpansions { get; } =
        ["affiliation", "affiliation.user_id", "most_recent_post_id", "most_recent_tweet_id", "pinned_post_id", "pinned_tweet_id"];

    /// <summary>
    /// The spec lists only attachments, created_at, dm_conversation_id, entities, event_type, id and text; sender_id,
    /// participant_ids and referenced posts come with the expansions of the same name, the older names stay accepted.
    /// </summary>
    public static IReadOnlyList<string> DmEventFields { get; } =
    [
        "id", "text", "event_type", "created_at", "dm_conversation_id", "sender_id", "participant_ids",
        "referenced_tweets", "referenced_posts", "attachments", "entities",
    ];

    public static IReadOnlyList<string> DmExpansions { get; } =
        ["sender_id", "participant_ids", "attachments.media_keys", "referenced_tweets.id", "referenced_posts"];

    public static IReadOnlyList<string> EventTypes { get; } = [DmEvent.MessageCreate, DmEvent.ParticipantsJoin, DmEvent.ParticipantsLeave];

    public static IReadOnlyList<string> PostFields { get; } =
    [
        "article", "article_title", "attachments", "author_id", "card_uri", "community_id", "context_annotations",
        "conversation_id", "created_at", "display_text_range", "edit_controls", "edit_history_tweet_ids", "entities",
        "geo", "id", "in_reply_to_user_id", "lang", "matched_media_notes", "media_metadata", "non_public_metrics",
        "note_post", "note_request_suggestions", "note_tweet", "organic_metrics", "paid_partnership",
        "possibly_sensitive", "promoted_metrics", "public_metrics", "referenced_tweets", "reply_settings", "scopes",
        "source", "suggested_source_links", "suggested_source_links_with_counts", "text", "withheld",
    ];

    public static IReadOnlyList<string> MediaFields { get; } =
    [
        "media_key", "type", "url", "preview_image_url", "width", "height", "duration_ms", "alt_text", "variants",
        "public_metrics", "non_public_metrics", "organic_metrics", "promoted_metrics",
    ];
}
