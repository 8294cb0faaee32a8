using System.Text.RegularExpressions;

namespace AutoDmGuard.Core;

/// <summary>One text rule: signal name, weight (log-odds), reason, pattern; Raw = match the original casing.</summary>
internal sealed record PatternRule(string Signal, double Weight, string Reason, Regex Pattern, bool Raw = false);
