namespace AutoDmGuard.Core;

/// <summary>One "automated" / "not automated" mark the user put on a sender.</summary>
public sealed record FeedbackMark(string SenderId, FeedbackLabel Label, DateTime MarkedAtUtc);
