namespace AutoDmGuard.XApi;

/// <summary>Page metadata: result_count, next_token (absent on the last page), previous_token.</summary>
public sealed record XMeta
{
    /// <summary>A page without meta.</summary>
    public static XMeta Empty { get; } = new();

    /// <summary>Items on this page.</summary>
    public int ResultCount { get; init; }

    /// <summary>Token for the next (older) page; null on the last page.</summary>
    public string? NextToken { get; init; }

    /// <summary>Token for the previous (newer) page.</summary>
    public string? PreviousToken { get; init; }
}
