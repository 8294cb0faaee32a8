namespace AutoDmGuard.XApiSandbox;

internal sealed record PendingFault(string Route, string Kind, int Remaining);
