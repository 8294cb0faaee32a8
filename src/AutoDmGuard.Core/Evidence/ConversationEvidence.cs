using System.Globalization;

namespace AutoDmGuard.Core;

/// <summary>
/// Evidence from each DM's place in its conversation: group or one-to-one, first contact, whether the user wrote there,
/// never answered, answered within seconds of the user's message, a drip follow-up without a reply; and, for each
/// sender's first DM, the timing after the follow.
/// </summary>
internal sealed class ConversationEvidence(InboxContext context, TimingEvidence timing, bool parallel)
{
    private static readonly TimeSpan DripMinGap = TimeSpan.FromHours(4);

    // Chatbots answer the user's message within a few seconds; a person typing a reply rarely does.
    private static readonly TimeSpan AutoReplyMaxDelay = TimeSpan.FromSeconds(10);

    /// <param name="received">The facts of every received DM in <paramref name="all"/>.</param>
    /// <param name="all">Every DM of the run (received and the user's own), oldest first.</param>
    public void Add(IReadOnlyList<DmFacts> received, List<DmMessage> all)
    {
        var factsById = new Dictionary<string, DmFacts>(received.Count, StringComparer.Ordinal);
        foreach (var f in received)
        {
            factsById[f.Message.EventId] = f;
        }

        // "Never answered" needs the user to have had the chance: they wrote to someone after this DM arrived.
        var userLastSent = DateTime.MinValue;
        foreach (var m in all)
        {
            if (m.SenderId == context.MeId && m.CreatedAtUtc > userLastSent)
            {
                userLastSent = m.CreatedAtUtc;
            }
        }

        // Timing evidence goes to each sender's first DM in conversation order; the rest of a conversation's evidence
        // depends on that conversation alone, so conversations are read on all cores.
        var conversations = all.GroupBy(m => m.ConversationId, StringComparer.Ordinal).ToList();
        var firstDmSeen = new HashSet<string>(StringComparer.Ordinal);
        var firstDms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var conversation in conversations)
        {
            foreach (var m in conversation)
            {
                if (m.SenderId != context.MeId && firstDmSeen.Add(m.SenderId))
                {
                    firstDms.Add(m.EventId);
                }
            }
        }

        InboxScoring.ForEach(conversations, parallel, conversation =>
        {
            var isGroup = !conversation.Key.Contains('-', StringComparison.Ordinal);
            var userEverWrote = conversation.Any(m => m.SenderId == context.MeId);
            var userLastAt = DateTime.MinValue;
            var previousWasUser = false;
            var userWrote = false;
            var userLastIndex = -1;
            var lastBySender = new Dictionary<string, (DateTime At, int Index)>(StringComparer.Ordinal);
            var anyEarlier = false;
            var position = 0;
            foreach (var m in conversation)
            {
                position++;
                if (m.SenderId == context.MeId)
                {
                    userWrote = true;
                    userLastIndex = position;
                    userLastAt = m.CreatedAtUtc;
                    previousWasUser = true;
                    anyEarlier = true;
                    continue;
                }

                var facts = factsById[m.EventId];
                facts.UserWroteBefore = userWrote;
                if (isGroup)
                {
                    facts.AddContext("group-conversation", "written in a group conversation; tools DM people one to one");
                }
                else if (!anyEarlier)
                {
                    facts.AddContext("first-contact", "opens a conversation you never wrote in");
                }
                else if (userWrote)
                {
                    facts.AddContext("you-wrote-to-them", "you had written in this conversation before");
                }

                if (!isGroup && !userEverWrote && userLastSent > m.CreatedAtUtc)
                {
                    facts.AddContext("never-answered", "you have written to others since, but never in this conversation");
                }

                if (previousWasUser && !isGroup && m.CreatedAtUtc - userLastAt <= AutoReplyMaxDelay)
                {
                    var seconds = (m.CreatedAtUtc - userLastAt).TotalSeconds;
                    facts.AddContext(
                        "answered-within-seconds",
                        string.Create(CultureInfo.InvariantCulture, $"answered {seconds:0} s after your message, faster than a person types"));
                }

                previousWasUser = false;
                if (lastBySender.TryGetValue(m.SenderId, out var last) && userLastIndex < last.Index && m.CreatedAtUtc - last.At >= DripMinGap)
                {
                    var hours = (m.CreatedAtUtc - last.At).TotalHours;
                    facts.AddContext(
                        "drip-follow-up-without-reply",
                        string.Create(CultureInfo.InvariantCulture, $"a follow-up {hours:0} h after their last DM, which you never answered"));
                }

                if (firstDms.Contains(m.EventId))
                {
                    timing.Add(facts);
                }

                lastBySender[m.SenderId] = (m.CreatedAtUtc, position);
                anyEarlier = true;
            }
        });
    }
}
