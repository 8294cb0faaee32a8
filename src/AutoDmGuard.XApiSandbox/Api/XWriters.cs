using System.Text.Json;

namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// User and DM event objects with X's field selection rules (docs/sandbox.md, DM lookups; Following and mutes).
/// </summary>
internal static class XWriters
{
    /// <summary>X's avatar for accounts that never uploaded one; no sandbox user has an uploaded image.</summary>
    public const string DefaultProfileImageUrl = "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png";

    /// <summary>
    /// Default fields id, name, username; every other field only when asked for and only when the sandbox has data
    /// for it (pinned/most recent posts, banners, affiliations, withholding and e-mail do not exist here).
    /// </summary>
    public static void WriteUser(Utf8JsonWriter w, SandboxUser user, IReadOnlySet<string>? fields)
    {
        bool Has(string f) => fields is not null && fields.Contains(f);

        w.WriteStartObject();
        w.WriteString("id", user.Id);
        w.WriteString("name", user.Name);
        w.WriteString("username", user.Username);
        if (Has("created_at") && user.CreatedAt is { } created)
        {
            w.WriteString("created_at", XJson.Time(created));
        }

        if (Has("description"))
        {
            w.WriteString("description", user.Description is null ? string.Empty : ShortLinks.Wrap(user.Description).Text);
        }

        if (Has("entities"))
        {
            WriteUserEntities(w, user);
        }

        if (Has("is_identity_verified"))
        {
            w.WriteBoolean("is_identity_verified", false);
        }

        if (Has("location") && user.Location is not null)
        {
            w.WriteString("location", user.Location);
        }

        if (Has("parody"))
        {
            w.WriteBoolean("parody", false);
        }

        if (Has("profile_image_url"))
        {
            w.WriteString("profile_image_url", DefaultProfileImageUrl);
        }

        if (Has("protected"))
        {
            w.WriteBoolean("protected", user.Protected);
        }

        if (Has("public_metrics") && user.PublicMetrics is { } m)
        {
            WritePublicMetrics(w, m);
        }

        if (Has("subscribes_to_you"))
        {
            w.WriteBoolean("subscribes_to_you", false);
        }

        if (Has("subscription"))
        {
            w.WriteStartObject("subscription");
            w.WriteBoolean("subscribes_to_you", false);
            w.WriteEndObject();
        }

        if (Has("subscription_type"))
        {
            w.WriteString("subscription_type", user.Verified ? "Premium" : "None");
        }

        if (Has("url"))
        {
            w.WriteString("url", user.Url is null ? string.Empty : ShortLinks.Wrap(user.Url).Text);
        }

        if (Has("verified"))
        {
            w.WriteBoolean("verified", user.Verified);
        }

        if (Has("verified_type"))
        {
            w.WriteString("verified_type", user.Verified ? "blue" : "none");
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// Default fields are always present: id, event_type and text (MessageCreate) or participant_ids (Join/Leave);
    /// everything else only when asked for in dm_event.fields. As on X, the sender_id and participant_ids expansions
    /// also put the id fields on the events, so each event can be joined to its user in includes.users.
    /// </summary>
    public static void WriteDmEvent(Utf8JsonWriter w, DmEvent evt, IReadOnlySet<string>? fields, IReadOnlySet<string>? expansions = null)
    {
        bool Has(string f) => fields is not null && fields.Contains(f);
        var isMessage = evt.EventType == DmEvent.MessageCreate;
        var (text, links) = evt.Text is null ? (null, []) : ShortLinks.Wrap(evt.Text);

        w.WriteStartObject();
        w.WriteString("id", evt.Id);
        w.WriteString("event_type", evt.EventType);
        if (text is not null && (isMessage || Has("text")))
        {
            w.WriteString("text", text);
        }

        if (evt.SenderId is not null && (Has("sender_id") || expansions?.Contains("sender_id") == true))
        {
            w.WriteString("sender_id", evt.SenderId);
        }

        if (evt.ParticipantIds is { } participants && (!isMessage || Has("participant_ids") || expansions?.Contains("participant_ids") == true))
        {
            w.WriteStartArray("participant_ids");
            foreach (var id in participants)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
        }

        if (Has("dm_conversation_id"))
        {
            w.WriteString("dm_conversation_id", evt.ConversationId);
        }

        if (Has("created_at"))
        {
            w.WriteString("created_at", XJson.Time(evt.CreatedAt));
        }

        if (Has("entities") && links.Count > 0)
        {
            w.WriteStartObject("entities");
            WriteLinks(w, links);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// The spec's required post_count next to tweet_count, the name live X still sends (both: older clients read
    /// tweet_count). media_count is not written: the sandbox has no media.
    /// </summary>
    private static void WritePublicMetrics(Utf8JsonWriter w, UserMetrics m)
    {
        w.WriteStartObject("public_metrics");
        w.WriteNumber("followers_count", m.FollowersCount);
        w.WriteNumber("following_count", m.FollowingCount);
        w.WriteNumber("post_count", m.TweetCount);
        w.WriteNumber("tweet_count", m.TweetCount);
        w.WriteNumber("listed_count", m.ListedCount);
        if (m.LikeCount is { } likes)
        {
            w.WriteNumber("like_count", likes);
        }

        w.WriteEndObject();
    }

    private static void WriteUserEntities(Utf8JsonWriter w, SandboxUser user)
    {
        var urlLinks = user.Url is null ? [] : ShortLinks.Wrap(user.Url).Links;
        var descriptionLinks = user.Description is null ? [] : ShortLinks.Wrap(user.Description).Links;
        if (urlLinks.Count == 0 && descriptionLinks.Count == 0)
        {
            return;
        }

        w.WriteStartObject("entities");
        if (urlLinks.Count > 0)
        {
            w.WriteStartObject("url");
            WriteLinks(w, urlLinks);
            w.WriteEndObject();
        }

        if (descriptionLinks.Count > 0)
        {
            w.WriteStartObject("description");
            WriteLinks(w, descriptionLinks);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteLinks(Utf8JsonWriter w, IReadOnlyList<LinkEntity> links)
    {
        w.WriteStartArray("urls");
        foreach (var link in links)
        {
            w.WriteStartObject();
            w.WriteNumber("start", link.Start);
            w.WriteNumber("end", link.End);
            w.WriteString("url", link.Url);
            w.WriteString("expanded_url", link.ExpandedUrl);
            w.WriteString("display_url", link.DisplayUrl);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
