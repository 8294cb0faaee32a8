using AutoDmGuard.Web.Data;

namespace AutoDmGuard.Web.Senders;

/// <summary>Everything the sender page shows about one sender of one account.</summary>
public sealed record SenderDetails(
    SenderRow Sender,
    string? Description,
    IReadOnlyList<SenderDm> Dms,
    int DmTotal,
    IReadOnlyList<TemplateCluster> Templates,
    IReadOnlyList<TimelineEntry> Timeline);

public sealed record SenderDm(string EventId, string? Text, DateTime CreatedAt, double? Score, bool Flagged, IReadOnlyList<ReasonChip> Reasons, string? TemplateKey);

/// <summary>The other senders whose DMs share a template with this sender's.</summary>
public sealed record TemplateCluster(string TemplateKey, int OtherSenderCount, IReadOnlyList<TemplateSender> Others);

public sealed record TemplateSender(string SenderId, string Username);

public sealed record TimelineEntry(DateTime At, string What);
