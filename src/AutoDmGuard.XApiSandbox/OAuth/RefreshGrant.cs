namespace AutoDmGuard.XApiSandbox;

internal sealed record RefreshGrant(string UserId, string ClientId, IReadOnlyList<string> Scopes, string FamilyId);
