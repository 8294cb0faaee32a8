namespace AutoDmGuard.XApi;

/// <summary>
/// Expanded objects of a response. Posts arrive as "tweets" (spec up to v2.166) or "posts" (v2.167 naming); both are read.
/// </summary>
public sealed record XIncludes
{
    private readonly IReadOnlyList<XUser>? _users;
    private readonly IReadOnlyList<XPost>? _tweets;
    private readonly IReadOnlyList<XPost>? _posts;
    private readonly IReadOnlyList<XMedia>? _media;

    /// <summary>No includes.</summary>
    public static XIncludes Empty { get; } = new();

    /// <summary>includes.users.</summary>
    public IReadOnlyList<XUser> Users { get => _users ?? []; init => _users = value; }

    /// <summary>includes.tweets (classic name).</summary>
    public IReadOnlyList<XPost> Tweets { get => _tweets ?? []; init => _tweets = value; }

    /// <summary>includes.posts (new name).</summary>
    public IReadOnlyList<XPost> Posts { get => _posts ?? []; init => _posts = value; }

    /// <summary>includes.media.</summary>
    public IReadOnlyList<XMedia> Media { get => _media ?? []; init => _media = value; }

    /// <summary>Posts under either name.</summary>
    public IEnumerable<XPost> AllPosts => Tweets.Concat(Posts);

    /// <summary>The included user with this id, or null.</summary>
    public XUser? FindUser(string id)
    {
        foreach (var user in Users)
        {
            if (string.Equals(user.Id, id, StringComparison.Ordinal))
            {
                return user;
            }
        }

        return null;
    }
}
