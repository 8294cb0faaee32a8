using System.Text.Json;
using System.Text.RegularExpressions;

namespace AutoDmGuard.XApiSandbox;

/// <summary>User and DM event objects with X's field selection rules (x-api.md §2, §3.3).</summary>
internal static partial class XWriters
{
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
            w.WriteString("description", user.Description ?? string.Empty);
        }

        if (Has("location") && user.Location is not null)
        {
            w.WriteString("location", user.Location);
        }

        if (Has("protected"))
        {
            w.WriteBoolean("protected", user.Protected);
        }

        if (Has("public_metrics") && user.PublicMetrics is { } m)
        {
            w.WriteStartObject("public_metrics");
            w.WriteNumber("followers_count", m.FollowersCount);
            w.WriteNumber("following_count", m.FollowingCount);
            w.WriteNumber("tweet_count", m.TweetCount);
            w.WriteNumber("listed_count", m.ListedCount);
            if (m.LikeCount is { } likes)
            {
                w.WriteNumber("like_count", likes);
            }

            w.WriteEndObject();
        }

        if (Has("url"))
        {
            w.WriteString("url", user.Url ?? string.Empty);
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
    /// everything else only when asked for in dm_event.fields.
    /// </summary>
    public static void WriteDmEvent(Utf8JsonWriter w, DmEvent evt, IReadOnlySet<string>? fields)
    {
        bool Has(string f) => fields is not null && fields.Contains(f);
        var isMessage = evt.EventType == DmEvent.MessageCreate;

        w.WriteStartObject();
        w.WriteString("id", evt.Id);
        w.WriteString("event_type", evt.EventType);
        if (evt.Text is not null && (isMessage || Has("text")))
        {
            w.WriteString("text", evt.Text);
        }

        if (evt.SenderId is not null && Has("sender_id"))
        {
            w.WriteString("sender_id", evt.SenderId);
        }

        if (evt.ParticipantIds is { } participants && (!isMessage || Has("participant_ids")))
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

        if (Has("entities") && evt.Text is not null)
        {
            WriteEntities(w, evt.Text);
        }

        w.WriteEndObject();
    }

    private static void WriteEntities(Utf8JsonWriter w, string text)
    {
        var matches = UrlPattern().Matches(text);
        if (matches.Count == 0)
        {
            return;
        }

        w.WriteStartObject("entities");
        w.WriteStartArray("urls");
        foreach (Match match in matches)
        {
            w.WriteStartObject();
            w.WriteNumber("start", match.Index);
            w.WriteNumber("end", match.Index + match.Length);
            w.WriteString("url", match.Value);
            w.WriteString("expanded_url", match.Value);
            w.WriteString("display_url", match.Value[(match.Value.IndexOf("//", StringComparison.Ordinal) + 2)..]);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    [GeneratedRegex(@"https?://[^\s]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();
}
