namespace AutoDmGuard.Core;

/// <summary>One DM as the classifier sees it; the user's own sent messages are included (SenderId == InboxContext.MeId).</summary>
public sealed record DmMessage(string EventId, string ConversationId, string SenderId, string Text, DateTime CreatedAtUtc)
{
    /// <summary>The same DM without its text, for a run's lists once the text is analyzed (or never needed, if sent).</summary>
    internal DmMessage WithoutText() => Text.Length == 0 ? this : this with { Text = string.Empty };
}
