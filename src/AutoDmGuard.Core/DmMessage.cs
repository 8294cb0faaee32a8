namespace AutoDmGuard.Core;

/// <summary>One DM as the classifier sees it; the user's own sent messages are included (SenderId == InboxContext.MeId).</summary>
public sealed record DmMessage(string EventId, string ConversationId, string SenderId, string Text, DateTime CreatedAtUtc);
