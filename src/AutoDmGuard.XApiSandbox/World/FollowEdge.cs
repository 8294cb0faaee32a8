namespace AutoDmGuard.XApiSandbox;

/// <summary>"Source follows target"; <see cref="Sequence"/> orders the list newest first like X does.</summary>
internal sealed record FollowEdge(string TargetId, DateTime? FollowedAt, long Sequence);
