namespace AutoDmGuard.Core;

/// <summary>One classification run over an inbox (or the new part of it).</summary>
internal sealed class InboxScoring(
    TemplateIndex index,
    ClassifierOptions options,
    IReadOnlyList<DmMessage> newMessages,
    IReadOnlyList<DmMessage> history,
    IReadOnlyCollection<SenderProfile> senders,
    InboxContext context)
{
    public InboxClassification Run()
    {
        _ = index;
        _ = history;
        _ = senders;
        var verdicts = newMessages
            .Where(m => m.SenderId != context.MeId)
            .OrderBy(m => m.CreatedAtUtc)
            .Select(m => new DmVerdict(m.EventId, m.SenderId, 0, false, [], null, 0))
            .ToList();
        return new InboxClassification(verdicts, SenderSummary.Summarize(verdicts, options));
    }
}
