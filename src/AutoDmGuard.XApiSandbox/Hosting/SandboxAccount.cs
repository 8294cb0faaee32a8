namespace AutoDmGuard.XApiSandbox;

/// <summary>A seeded account that can sign in on the consent page.</summary>
public sealed record SandboxAccount(string Id, string Username, string Name);
