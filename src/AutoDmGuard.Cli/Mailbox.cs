using AutoDmGuard.Core;

namespace AutoDmGuard.Cli;

/// <summary>A validated dump, in the classifier's terms.</summary>
internal sealed record Mailbox(
    IReadOnlyList<DmMessage> Messages,
    IReadOnlyList<SenderProfile> Users,
    InboxContext Context);
