namespace AutoDmGuard.XApiSandbox;

/// <summary>A fully validated world, as produced by the dump loader or the demo generator.</summary>
internal sealed record WorldData(
    IReadOnlyList<SandboxUser> Users,
    IReadOnlyList<SandboxAccount> Signable,
    IReadOnlyList<DmEvent> Events,
    IReadOnlyDictionary<string, IReadOnlyList<(string TargetId, DateTime? FollowedAt)>> Following)
{
    /// <summary>Demo world only: the generated bots (for tests and docs; the API never reveals it).</summary>
    public IReadOnlySet<string> AutoSenderIds { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
