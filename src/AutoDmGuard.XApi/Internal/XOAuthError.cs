namespace AutoDmGuard.XApi.Internal;

/// <summary>RFC 6749 error body of the token and revoke endpoints.</summary>
internal sealed record XOAuthError(string? Error, string? ErrorDescription);
