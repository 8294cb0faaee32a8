namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// Endpoint metadata: the route key (X's spelling, docs/sandbox.md, Routes) and, for user-context API routes, the
/// scopes it needs.
/// </summary>
internal sealed record XRoute(string Key, IReadOnlyList<string>? Scopes)
{
    public bool IsUserContext => Scopes is not null;
}
