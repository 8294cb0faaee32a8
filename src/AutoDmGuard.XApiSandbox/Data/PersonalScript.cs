namespace AutoDmGuard.XApiSandbox;

internal sealed record PersonalScript(string Language, IReadOnlyList<string> Lines);
