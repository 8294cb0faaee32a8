using System.Globalization;

namespace AutoDmGuard.XApi;

/// <summary>Every X API path the client calls, relative to <see cref="XApiOptions.ApiBaseUrl"/>.</summary>
public static class XApiRoutes
{
    /// <summary>POST: code exchange and refresh.</summary>
    public const string Token = "2/oauth2/token";

    /// <summary>POST: token revocation.</summary>
    public const string Revoke = "2/oauth2/revoke";

    /// <summary>GET: the signed-in user.</summary>
    public const string UsersMe = "2/users/me";

    /// <summary>GET: users by ids (?ids=1,2,3).</summary>
    public const string Users = "2/users";

    /// <summary>GET: DM events across all conversations.</summary>
    public const string DmEvents = "2/dm_events";

    /// <summary>GET: DM events of the 1:1 conversation with a user.</summary>
    public static string DmConversationWith(string participantId) =>
        string.Create(CultureInfo.InvariantCulture, $"2/dm_conversations/with/{participantId}/dm_events");

    /// <summary>GET: DM events of one conversation by id.</summary>
    public static string DmConversation(string dmConversationId) =>
        string.Create(CultureInfo.InvariantCulture, $"2/dm_conversations/{dmConversationId}/dm_events");

    /// <summary>GET: whom a user follows; POST: follow.</summary>
    public static string Following(string userId) =>
        string.Create(CultureInfo.InvariantCulture, $"2/users/{userId}/following");

    /// <summary>DELETE: unfollow.</summary>
    public static string FollowingTarget(string sourceUserId, string targetUserId) =>
        string.Create(CultureInfo.InvariantCulture, $"2/users/{sourceUserId}/following/{targetUserId}");

    /// <summary>POST: mute.</summary>
    public static string Muting(string userId) =>
        string.Create(CultureInfo.InvariantCulture, $"2/users/{userId}/muting");

    /// <summary>DELETE: unmute.</summary>
    public static string MutingTarget(string sourceUserId, string targetUserId) =>
        string.Create(CultureInfo.InvariantCulture, $"2/users/{sourceUserId}/muting/{targetUserId}");
}
