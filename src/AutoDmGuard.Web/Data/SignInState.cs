namespace AutoDmGuard.Web.Data;

/// <summary>
/// One started sign-in with X (return URL, PKCE verifier, correlation id), kept in the database so that the callback may
/// land on any app instance. X carries only a random key (the OAuth state); the row is found by that key's SHA-256, so
/// a copy of the table does not give the keys out. Taken (deleted) by the callback that uses it, so each works once.
/// </summary>
public sealed class SignInState
{
    /// <summary>SHA-256 of the state X carries, lowercase hex.</summary>
    public required string KeyHash { get; set; }

    /// <summary>The sign-in's AuthenticationProperties, serialized by ASP.NET Core's PropertiesSerializer.</summary>
    public required byte[] Properties { get; set; }

    public DateTime ExpiresAt { get; set; }
}
