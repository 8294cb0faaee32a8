namespace AutoDmGuard.XApiSandbox;

internal sealed record QueryError(string Parameter, string Value, string Message);
