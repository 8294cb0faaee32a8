namespace AutoDmGuard.XApiSandbox;

/// <summary>A fully validated world, as produced by the dump loader or the demo generator.</summary>
internal sealed record WorldData(
    IReadOnlyList<SandboxUser> Users,
    IReadOnlyList<SandboxAccount> Signable,
    IReadOnlyList<DmEvent> Events,
    IReadOnlyDictionary<string, IReadOnlyList<(string TargetId, DateTime? FollowedAt)>> Following);
