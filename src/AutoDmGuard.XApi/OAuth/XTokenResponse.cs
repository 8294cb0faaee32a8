using System.Text.Json.Serialization;

namespace AutoDmGuard.XApi;

/// <summary>
/// A token-endpoint answer. RefreshToken is present only with offline.access and rotates on every refresh: persist the
/// new pair before using it. ToString never prints the tokens.
/// </summary>
public sealed record XTokenResponse(
    [property: JsonRequired] string AccessToken,
    string? RefreshToken,
    int ExpiresIn,
    string? Scope,
    string? TokenType)
{
    /// <summary>The granted scopes, split on spaces.</summary>
    public IReadOnlyList<string> GrantedScopes =>
        (Scope ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>When the access token expires, given when the response was received.</summary>
    public DateTimeOffset ExpiresAt(DateTimeOffset receivedAt) => receivedAt.AddSeconds(ExpiresIn);

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("AccessToken = ***, RefreshToken = ").Append(RefreshToken is null ? "null" : "***")
            .Append(", ExpiresIn = ").Append(ExpiresIn)
            .Append(", Scope = ").Append(Scope)
            .Append(", TokenType = ").Append(TokenType);
        return true;
    }
}
