namespace AutoDmGuard.Core;

/// <summary>A DM's template cluster: key, distinct senders over all inboxes, inboxes, senders in the DM's own inbox.</summary>
internal sealed record TemplateMatch(string? Key, int SenderCount, int InboxCount, int SendersInInbox)
{
    public static TemplateMatch None { get; } = new(null, 0, 0, 0);
}
