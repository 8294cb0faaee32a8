using System.Security.Cryptography;
using System.Text;

namespace AutoDmGuard.XApi;

/// <summary>PKCE (RFC 7636) values from a cryptographic random source.</summary>
public static class XPkce
{
    /// <summary>A 43-character base64url verifier from 32 random bytes (256 bits).</summary>
    public static string CreateVerifier() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The S256 challenge of a verifier: base64url(SHA-256(ascii(verifier))).</summary>
    public static string CreateChallenge(string codeVerifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(codeVerifier);
        return Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)));
    }

    /// <summary>An opaque anti-CSRF state value (base64url of 16 random bytes).</summary>
    public static string CreateState() => Base64Url(RandomNumberGenerator.GetBytes(16));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
