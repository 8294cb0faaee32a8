namespace AutoDmGuard.XApiSandbox;

internal sealed record AuthorizationRequest(
    SandboxClient Client,
    string RedirectUri,
    IReadOnlyList<string> Scopes,
    string State,
    string CodeChallenge,
    string CodeChallengeMethod);

internal sealed record AuthorizationCode(AuthorizationRequest Request, string UserId, DateTime ExpiresAt);

/// <summary>What an access token grants; the family ties it to the refresh token it came with.</summary>
internal sealed record AccessGrant(string UserId, string ClientId, IReadOnlyList<string> Scopes, DateTime ExpiresAt, string FamilyId);

internal sealed record RefreshGrant(string UserId, string ClientId, IReadOnlyList<string> Scopes, string FamilyId);

/// <summary>The token endpoint's success body (x-api.md §1.4).</summary>
internal sealed record TokenResponse(string AccessToken, string? RefreshToken, int ExpiresIn, string Scope);

/// <summary>RFC 6749 error (x-api.md §1.4 table), not a v2 problem.</summary>
internal sealed record OAuthError(int Status, string Error, string Description)
{
    public static OAuthError MissingAuthorizationHeader { get; } = new(401, "unauthorized_client", "Missing valid authorization header");

    public static OAuthError InvalidCode { get; } = new(400, "invalid_request", "Value passed for the authorization code was invalid.");

    public static OAuthError InvalidToken { get; } = new(400, "invalid_request", "Value passed for the token was invalid.");

    public static OAuthError Missing(string parameter) => new(400, "invalid_request", $"Missing required parameter [{parameter}].");
}
