namespace AutoDmGuard.XApiSandbox;

/// <summary>RFC 6749 error, not a v2 problem, as X's token endpoint answers (docs/sandbox.md, OAuth).</summary>
internal sealed record OAuthError(int Status, string Error, string Description)
{
    public static OAuthError MissingAuthorizationHeader { get; } = new(401, "unauthorized_client", "Missing valid authorization header");

    public static OAuthError InvalidCode { get; } = new(400, "invalid_request", "Value passed for the authorization code was invalid.");

    public static OAuthError InvalidToken { get; } = new(400, "invalid_request", "Value passed for the token was invalid.");

    public static OAuthError Missing(string parameter) => new(400, "invalid_request", $"Missing required parameter [{parameter}].");
}
