using AutoDmGuard.Core;
using AutoDmGuard.MailboxDump;

namespace AutoDmGuard.Cli;

/// <summary>
/// A mailbox dump in the classifier's terms: <see cref="MailboxDumpReader"/> reads and checks it (every problem a
/// <see cref="MailboxDumpException"/> naming the JSON path); this keeps the received and sent messages.
/// </summary>
internal static class DumpReader
{
    public static Mailbox Read(string path) => ToMailbox(MailboxDumpReader.ReadFile(path), null);

    /// <summary>
    /// Reads the dump with its texts kept in <paramref name="texts"/> (<see cref="DmMessage.Deferred"/>): for one
    /// classification of the whole dump, which reads each text once.
    /// </summary>
    public static Mailbox Read(string path, Utf8TextStore texts) => ToMailbox(MailboxDumpReader.ReadFile(path, texts), new StoreTexts(texts));

    public static Mailbox Parse(ReadOnlySpan<byte> json, string source) => ToMailbox(MailboxDumpReader.Parse(json, source), null);

    private static Mailbox ToMailbox(MailboxDocument dump, StoreTexts? store)
    {
        var users = new List<SenderProfile>(dump.Users.Count);
        foreach (var u in dump.Users)
        {
            users.Add(new SenderProfile(u.Id, u.Username, u.Name, u.Description, u.CreatedAt, u.Verified,
                Count(u.PublicMetrics?.FollowersCount), Count(u.PublicMetrics?.FollowingCount)));
        }

        var followed = new Dictionary<string, DateTime?>(dump.Following.Count, StringComparer.Ordinal);
        foreach (var f in dump.Following)
        {
            followed[f.UserId] = f.FollowedAt;
        }

        // Joins and leaves carry no text to classify.
        var messages = new List<DmMessage>(dump.Events.Count);
        List<int> unread = []; // texts of events that are not messages (joins, leaves): never read
        foreach (var e in dump.Events)
        {
            if (e.IsMessage)
            {
                messages.Add(e.TextHandle < 0
                    ? new DmMessage(e.Id, e.ConversationId, e.SenderId!, e.Text!, e.CreatedAt)
                    : new DmMessage(e.Id, e.ConversationId, e.SenderId!, string.Empty, e.CreatedAt) { Deferred = new DeferredText(store!, e.TextHandle) });
            }
            else if (e.TextHandle >= 0)
            {
                unread.Add(e.TextHandle);
            }
        }

        if (store is not null)
        {
            store.InReadingOrder(messages);
            foreach (var handle in unread)
            {
                store.Release(handle);
            }
        }

        var context = new InboxContext(dump.Me.Id, dump.Me.Username, dump.Me.Name, followed, [], FeedbackSet.Empty);
        return new Mailbox(messages, users, context);
    }

    private sealed class StoreTexts(Utf8TextStore texts) : IDeferredTexts
    {
        /// <summary>
        /// Lays the texts out in the order a scoring run reads them (<see cref="DmMessage.CompareChronologically"/>) unless
        /// the dump is in that order already, either way round: the store frees a block once all its texts are read, so
        /// in the file's order a dump sorted otherwise (by conversation, say) would keep every block to the end.
        /// </summary>
        public void InReadingOrder(List<DmMessage> messages)
        {
            if (IsMonotonic(messages, 1) || IsMonotonic(messages, -1))
            {
                return;
            }

            var sorted = messages.ToArray();
            Array.Sort(sorted, DmMessage.CompareChronologically);
            var order = new int[sorted.Length];
            for (var i = 0; i < sorted.Length; i++)
            {
                order[i] = sorted[i].Deferred!.Value.Handle;
            }

            texts.Repack(order);
        }

        private static bool IsMonotonic(List<DmMessage> messages, int direction)
        {
            for (var i = 1; i < messages.Count; i++)
            {
                if (DmMessage.CompareChronologically(messages[i - 1], messages[i]) * direction > 0)
                {
                    return false;
                }
            }

            return true;
        }

        public string Take(int handle) => texts.Take(handle);

        public void Release(int handle) => texts.Release(handle);
    }

    // The classifier's profile counts are 32-bit; a count beyond that is "very many" either way.
    private static int? Count(long? value) => value is { } v ? (int)Math.Min(v, int.MaxValue) : null;
}
