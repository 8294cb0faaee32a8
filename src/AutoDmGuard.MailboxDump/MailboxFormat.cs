namespace AutoDmGuard.MailboxDump;

/// <summary>The names FORMAT.md fixes: the format tag and the DM event types.</summary>
public static class MailboxFormat
{
    /// <summary>The value of a dump's <c>format</c> property.</summary>
    public const string Name = "autodmguard-mailbox/1";

    public const string MessageCreate = "MessageCreate";
    public const string ParticipantsJoin = "ParticipantsJoin";
    public const string ParticipantsLeave = "ParticipantsLeave";
}
