namespace AutoDmGuard.XApi;

/// <summary>The OAuth 2.0 token endpoints of X (Authorization Code with PKCE, refresh, revoke). Calls are never retried.</summary>
public interface IXOAuthClient
{
    /// <summary>Builds the consent-page URL for a sign-in (scopes from <see cref="XApiOptions.Scopes"/>, S256 challenge).</summary>
    Uri BuildAuthorizeUri(string redirectUri, string state, string codeChallenge);

    /// <summary>Redeems an authorization code (valid 30 s, single use) with its PKCE verifier.</summary>
    /// <exception cref="XOAuthException">X refused the code, verifier, redirect URI or client credentials.</exception>
    Task<XTokenResponse> ExchangeCodeAsync(string code, string redirectUri, string codeVerifier, CancellationToken cancellationToken = default);

    /// <summary>Trades a refresh token for a new access token and a new refresh token (the old one stops working).</summary>
    /// <exception cref="XOAuthException">The refresh token is spent, revoked or unknown.</exception>
    Task<XTokenResponse> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default);

    /// <summary>Revokes an access or refresh token; tokenTypeHint is access_token or refresh_token (optional).</summary>
    Task RevokeAsync(string token, string? tokenTypeHint = null, CancellationToken cancellationToken = default);
}
