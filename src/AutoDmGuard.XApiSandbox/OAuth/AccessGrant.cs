namespace AutoDmGuard.XApiSandbox;

/// <summary>What an access token grants; the family ties it to the refresh token it came with.</summary>
internal sealed record AccessGrant(string UserId, string ClientId, IReadOnlyList<string> Scopes, DateTime ExpiresAt, string FamilyId);
