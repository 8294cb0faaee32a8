namespace AutoDmGuard.XApi;

/// <summary>A post shared in a DM.</summary>
public sealed record XReferencedPost
{
    /// <summary>Post id.</summary>
    public string? Id { get; init; }
}
