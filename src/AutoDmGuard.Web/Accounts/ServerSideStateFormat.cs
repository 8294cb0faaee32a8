using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Distributed;

namespace AutoDmGuard.Web.Accounts;

/// <summary>
/// Keeps the OAuth sign-in state (return URL, PKCE verifier, correlation id) on the server and sends X only a random
/// key: X accepts a state of at most 500 characters (docs/x-api-client.md, "OAuth state length"), and ASP.NET Core's protected state is longer.
/// Each key works once. With several app instances, back <see cref="IDistributedCache"/> with a shared store.
/// </summary>
public sealed class ServerSideStateFormat(IDistributedCache cache, TimeSpan lifetime) : ISecureDataFormat<AuthenticationProperties>
{
    private const string KeyPrefix = "autodmguard:oauth-state:";

    public string Protect(AuthenticationProperties data) => Protect(data, purpose: null);

    public string Protect(AuthenticationProperties data, string? purpose)
    {
        ArgumentNullException.ThrowIfNull(data);
        var key = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        cache.Set(KeyPrefix + key, PropertiesSerializer.Default.Serialize(data), new DistributedCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = lifetime,
        });
        return key;
    }

    public AuthenticationProperties? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public AuthenticationProperties? Unprotect(string? protectedText, string? purpose)
    {
        if (string.IsNullOrEmpty(protectedText) || protectedText.Length > 64)
        {
            return null;
        }

        var cacheKey = KeyPrefix + protectedText;
        var bytes = cache.Get(cacheKey);
        if (bytes is null)
        {
            return null;
        }

        cache.Remove(cacheKey);
        return PropertiesSerializer.Default.Deserialize(bytes);
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
