namespace AutoDmGuard.XApiSandbox;

internal sealed record SimulatedFollow(SandboxUser Bot, DateTime FollowedAt, DmEvent Event);
