namespace AutoDmGuard.XApi;

/// <summary>One page of a list endpoint (DM events, following, users by ids).</summary>
public sealed record XListResponse<T> : XApiResponse
{
    private readonly IReadOnlyList<T>? _data;
    private readonly XIncludes? _includes;
    private readonly XMeta? _meta;

    /// <summary>The items, in X's order (newest first for DM events); empty when X sent none.</summary>
    public IReadOnlyList<T> Data { get => _data ?? []; init => _data = value; }

    /// <summary>Expanded objects (includes.users for sender_id / participant_ids).</summary>
    public XIncludes Includes { get => _includes ?? XIncludes.Empty; init => _includes = value; }

    /// <summary>Counts and pagination tokens.</summary>
    public XMeta Meta { get => _meta ?? XMeta.Empty; init => _meta = value; }
}
