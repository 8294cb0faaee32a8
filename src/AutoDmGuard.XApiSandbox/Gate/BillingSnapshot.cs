namespace AutoDmGuard.XApiSandbox;

internal sealed record BillingSnapshot(long EventsReturned, IReadOnlyList<(DateOnly Day, string User, int Billable)> Rows);
