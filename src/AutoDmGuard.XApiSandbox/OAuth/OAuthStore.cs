using System.Security.Cryptography;
using System.Text;

namespace AutoDmGuard.XApiSandbox;

/// <summary>Clients, authorization codes and tokens (docs/sandbox.md, OAuth), under one lock.</summary>
internal sealed class OAuthStore(TimeProvider clock, TimeSpan codeLifetime, TimeSpan accessTokenLifetime)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SandboxClient> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessGrant> _access = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshGrant> _refresh = new(StringComparer.Ordinal);

    public void RegisterClient(SandboxClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        lock (_gate)
        {
            _clients[client.ClientId] = client;
        }
    }

    public SandboxClient? FindClient(string clientId)
    {
        lock (_gate)
        {
            return _clients.GetValueOrDefault(clientId);
        }
    }

    public IReadOnlyList<SandboxClient> Clients()
    {
        lock (_gate)
        {
            return [.. _clients.Values];
        }
    }

    public string IssueCode(AuthorizationRequest request, string userId)
    {
        var code = NewSecret();
        lock (_gate)
        {
            _codes[code] = new AuthorizationCode(request, userId, Now + codeLifetime);
        }

        return code;
    }

    /// <summary>
    /// Client authentication for the token and revoke endpoints: HTTP Basic for confidential clients,
    /// body client_id for public ones (docs/sandbox.md, OAuth).
    /// </summary>
    public (SandboxClient? Client, OAuthError? Error) AuthenticateClient(string? authorizationHeader, string? bodyClientId)
    {
        if (authorizationHeader is not null && authorizationHeader.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var (id, secret) = ParseBasic(authorizationHeader["Basic ".Length..].Trim());
            var client = id is null ? null : FindClient(id);
            if (client is null)
            {
                return (null, OAuthError.MissingAuthorizationHeader);
            }

            if (client.IsConfidential && !FixedTimeEquals(client.ClientSecret!, secret ?? string.Empty))
            {
                return (null, OAuthError.MissingAuthorizationHeader);
            }

            return (client, null);
        }

        if (string.IsNullOrEmpty(bodyClientId))
        {
            return (null, OAuthError.MissingAuthorizationHeader);
        }

        var bodyClient = FindClient(bodyClientId);
        if (bodyClient is null || bodyClient.IsConfidential)
        {
            return (null, OAuthError.MissingAuthorizationHeader);
        }

        return (bodyClient, null);
    }

    public (TokenResponse? Token, OAuthError? Error) RedeemCode(SandboxClient client, string code, string redirectUri, string codeVerifier)
    {
        lock (_gate)
        {
            // A code is spent by any redemption attempt, good or bad, so a leaked code cannot be retried.
            if (!_codes.Remove(code, out var issued))
            {
                return (null, OAuthError.InvalidCode);
            }

            var request = issued.Request;
            if (Now >= issued.ExpiresAt
                || !string.Equals(request.Client.ClientId, client.ClientId, StringComparison.Ordinal)
                || !string.Equals(request.RedirectUri, redirectUri, StringComparison.Ordinal)
                || !VerifierMatches(request.CodeChallengeMethod, request.CodeChallenge, codeVerifier))
            {
                return (null, OAuthError.InvalidCode);
            }

            return (IssueTokens(issued.UserId, client.ClientId, request.Scopes, NewSecret()), null);
        }
    }

    public (TokenResponse? Token, OAuthError? Error) Refresh(SandboxClient client, string refreshToken)
    {
        lock (_gate)
        {
            if (!_refresh.TryGetValue(refreshToken, out var grant)
                || !string.Equals(grant.ClientId, client.ClientId, StringComparison.Ordinal))
            {
                return (null, OAuthError.InvalidToken);
            }

            // Rotation: the refresh token just used dies (X's observed behaviour, docs/sandbox.md, OAuth).
            _refresh.Remove(refreshToken);
            return (IssueTokens(grant.UserId, grant.ClientId, grant.Scopes, grant.FamilyId), null);
        }
    }

    /// <summary>Drops an access token, or a refresh token together with the access tokens of its family.</summary>
    public void Revoke(SandboxClient client, string token)
    {
        lock (_gate)
        {
            if (_access.TryGetValue(token, out var access) && access.ClientId == client.ClientId)
            {
                _access.Remove(token);
            }
            else if (_refresh.TryGetValue(token, out var refresh) && refresh.ClientId == client.ClientId)
            {
                _refresh.Remove(token);
                RemoveWhere(_access, a => a.FamilyId == refresh.FamilyId);
            }
        }
    }

    /// <summary>What the user's "revoke app access" does: every token of the user dies.</summary>
    public int RevokeAllOf(string userId)
    {
        lock (_gate)
        {
            return RemoveWhere(_access, a => a.UserId == userId) + RemoveWhere(_refresh, r => r.UserId == userId);
        }
    }

    /// <summary>The grant behind a bearer token, or null when unknown, expired or revoked.</summary>
    public AccessGrant? Authenticate(string accessToken)
    {
        lock (_gate)
        {
            return _access.TryGetValue(accessToken, out var grant) && Now < grant.ExpiresAt ? grant : null;
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private TokenResponse IssueTokens(string userId, string clientId, IReadOnlyList<string> scopes, string familyId)
    {
        var accessToken = NewSecret();
        _access[accessToken] = new AccessGrant(userId, clientId, scopes, Now + accessTokenLifetime, familyId);
        string? refreshToken = null;
        if (scopes.Contains(OAuthScopes.OfflineAccess, StringComparer.Ordinal))
        {
            refreshToken = NewSecret();
            _refresh[refreshToken] = new RefreshGrant(userId, clientId, scopes, familyId);
        }

        return new TokenResponse(accessToken, refreshToken, (int)accessTokenLifetime.TotalSeconds, string.Join(' ', scopes));
    }

    private static int RemoveWhere<T>(Dictionary<string, T> map, Func<T, bool> predicate)
    {
        var doomed = map.Where(p => predicate(p.Value)).Select(p => p.Key).ToList();
        foreach (var key in doomed)
        {
            map.Remove(key);
        }

        return doomed.Count;
    }

    public static bool VerifierMatches(string method, string challenge, string verifier)
    {
        if (string.Equals(method, "plain", StringComparison.Ordinal))
        {
            return FixedTimeEquals(challenge, verifier);
        }

        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(verifier));
        return FixedTimeEquals(challenge, Base64Url(hash));
    }

    public static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static (string? Id, string? Secret) ParseBasic(string encoded)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (null, null) : (Uri.UnescapeDataString(text[..colon]), Uri.UnescapeDataString(text[(colon + 1)..]));
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }
}
