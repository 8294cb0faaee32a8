namespace AutoDmGuard.XApiSandbox;

/// <summary>The token endpoint's success body (x-api.md §1.4).</summary>
internal sealed record TokenResponse(string AccessToken, string? RefreshToken, int ExpiresIn, string Scope);
