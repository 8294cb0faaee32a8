using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;

namespace AutoDmGuard.Web.Accounts;

/// <summary>
/// Keeps the OAuth sign-in state (return URL, PKCE verifier, correlation id) on the server and sends X only a random
/// key: X accepts a state of at most 500 characters (docs/x-api-client.md, "OAuth state length"), and ASP.NET Core's
/// protected state is longer. The states are in the database (<see cref="SignInStateStore"/>): any instance takes the
/// callback, and each key works once. A key that is not there (unknown, expired, used) throws
/// <see cref="SignInStateNotFoundException"/> rather than returning null, so the failure page can tell the user to start
/// again instead of blaming X (the handler hands any exception to OnRemoteFailure).
/// </summary>
public sealed class ServerSideStateFormat(SignInStateStore store) : ISecureDataFormat<AuthenticationProperties>
{
    public string Protect(AuthenticationProperties data) => Protect(data, purpose: null);

    public string Protect(AuthenticationProperties data, string? purpose)
    {
        ArgumentNullException.ThrowIfNull(data);
        var key = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        store.Add(key, PropertiesSerializer.Default.Serialize(data));
        return key;
    }

    public AuthenticationProperties? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public AuthenticationProperties? Unprotect(string? protectedText, string? purpose)
    {
        if (string.IsNullOrEmpty(protectedText) || protectedText.Length > 64 || store.Take(protectedText) is not { } bytes)
        {
            throw new SignInStateNotFoundException();
        }

        return PropertiesSerializer.Default.Deserialize(bytes);
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>The callback's state is not a started sign-in any more: unknown, older than <see cref="SignInStateStore.Lifetime"/>, or already used.</summary>
public sealed class SignInStateNotFoundException() : AuthenticationFailureException("The sign-in state is unknown, expired or already used.");
