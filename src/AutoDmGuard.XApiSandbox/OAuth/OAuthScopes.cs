namespace AutoDmGuard.XApiSandbox;

/// <summary>X's OAuth 2.0 scope names (docs/sandbox.md, OAuth).</summary>
internal static class OAuthScopes
{
    public const string TweetRead = "tweet.read";
    public const string UsersRead = "users.read";
    public const string DmRead = "dm.read";
    public const string FollowsRead = "follows.read";
    public const string FollowsWrite = "follows.write";
    public const string MuteRead = "mute.read";
    public const string MuteWrite = "mute.write";
    public const string OfflineAccess = "offline.access";

    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "tweet.read", "tweet.write", "tweet.moderate.write", "users.email", "users.read", "follows.read",
        "follows.write", "offline.access", "space.read", "mute.read", "mute.write", "like.read", "like.write",
        "list.read", "list.write", "block.read", "block.write", "bookmark.read", "bookmark.write", "dm.read",
        "dm.write", "media.write", "timeline.read",
    };
}
