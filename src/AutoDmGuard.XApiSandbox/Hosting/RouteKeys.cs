namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// Route names as X's documentation writes them (docs/sandbox.md, Routes): the keys for rate limits and fault
/// injection.
/// </summary>
public static class RouteKeys
{
    public const string Authorize = "GET /i/oauth2/authorize";
    public const string Token = "POST /2/oauth2/token";
    public const string Revoke = "POST /2/oauth2/revoke";
    public const string UsersMe = "GET /2/users/me";
    public const string UsersLookup = "GET /2/users";
    public const string DmEvents = "GET /2/dm_events";
    public const string DmWithParticipant = "GET /2/dm_conversations/with/:participant_id/dm_events";
    public const string DmByConversation = "GET /2/dm_conversations/:dm_conversation_id/dm_events";
    public const string FollowingList = "GET /2/users/:id/following";
    public const string Follow = "POST /2/users/:id/following";
    public const string Unfollow = "DELETE /2/users/:source_user_id/following/:target_user_id";
    public const string MutingList = "GET /2/users/:id/muting";
    public const string Mute = "POST /2/users/:id/muting";
    public const string Unmute = "DELETE /2/users/:source_user_id/muting/:target_user_id";

    public static IReadOnlyList<string> All { get; } =
    [
        Token, Revoke, UsersMe, UsersLookup, DmEvents, DmWithParticipant, DmByConversation,
        FollowingList, Follow, Unfollow, MutingList, Mute, Unmute,
    ];
}
