namespace AutoDmGuard.XApi;

/// <summary>An expanded post (includes.tweets / includes.posts), minimal.</summary>
public sealed record XPost
{
    /// <summary>Post id.</summary>
    public string? Id { get; init; }

    /// <summary>Post text.</summary>
    public string? Text { get; init; }

    /// <summary>Author id.</summary>
    public string? AuthorId { get; init; }

    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
