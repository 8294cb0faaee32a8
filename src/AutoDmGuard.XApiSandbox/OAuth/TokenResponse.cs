namespace AutoDmGuard.XApiSandbox;

/// <summary>The token endpoint's success body (docs/sandbox.md, OAuth).</summary>
internal sealed record TokenResponse(string AccessToken, string? RefreshToken, int ExpiresIn, string Scope);
