namespace AutoDmGuard.Core;

/// <summary>Verdicts for the received DMs that were scored (oldest first) and for their senders.</summary>
public sealed record InboxClassification(IReadOnlyList<DmVerdict> Messages, IReadOnlyList<SenderAssessment> Senders);
