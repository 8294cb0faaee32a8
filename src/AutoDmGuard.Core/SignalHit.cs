namespace AutoDmGuard.Core;

/// <summary>
/// A signal that fired: kebab-case name (e.g. <c>template-shared-by-12-senders</c>), its contribution to the score
/// in log-odds (positive = towards automated) and a sentence a person can read on the dashboard.
/// </summary>
public sealed record SignalHit(string Signal, double Weight, string Reason);
