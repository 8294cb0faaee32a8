namespace AutoDmGuard.XApiSandbox;

internal sealed record AuthorizationRequest(
    SandboxClient Client,
    string RedirectUri,
    IReadOnlyList<string> Scopes,
    string State,
    string CodeChallenge,
    string CodeChallengeMethod);
