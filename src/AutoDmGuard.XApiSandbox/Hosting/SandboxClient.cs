namespace AutoDmGuard.XApiSandbox;

/// <summary>A registered OAuth 2.0 client; a null secret makes it a public client (docs/sandbox.md, OAuth).</summary>
public sealed record SandboxClient(string ClientId, string? ClientSecret, IReadOnlyList<string> RedirectUris)
{
    public bool IsConfidential => ClientSecret is not null;
}
