namespace AutoDmGuard.XApiSandbox;

internal sealed record AuthorizationCode(AuthorizationRequest Request, string UserId, DateTime ExpiresAt);
